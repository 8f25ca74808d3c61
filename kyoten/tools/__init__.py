"""The `kyoten` command and what staff run: build, validate, serve, diff, deploy, import (table, WAM NET), init, schema."""
