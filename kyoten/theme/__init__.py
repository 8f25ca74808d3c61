# The kyoten mkdocs theme, installed as the package data of `kyoten.theme`.
