"""The kyoten mkdocs theme, installed as the package data of `kyoten.theme`.

mkdocs imports this module to find the theme's folder, while it validates mkdocs.yml. The templates
render from the kyoten plugin's model, and mkdocs has no way for a theme to require a plugin, so this
module adds that one check to the theme option's validation: `theme: kyoten` without `plugins: [kyoten]`
is one Japanese configuration error (mkdocs prints it and stops), not a traceback from a template.
"""

from __future__ import annotations

from mkdocs.config import config_options

NEEDS_PLUGIN = ("テーマ kyoten はプラグイン kyoten と一緒に使います。mkdocs.yml に「plugins: [kyoten]」を書いてください "
                "(theme kyoten needs plugin kyoten)")

_post_validation = config_options.Theme.post_validation


def _theme_needs_plugin(self, config, key_name):
    _post_validation(self, config, key_name)
    theme = config[key_name]
    if getattr(theme, "name", None) == "kyoten" and "kyoten" not in (config.get("plugins") or {}):
        raise config_options.ValidationError(NEEDS_PLUGIN)


if getattr(config_options.Theme.post_validation, "__name__", "") != _theme_needs_plugin.__name__:
    config_options.Theme.post_validation = _theme_needs_plugin
