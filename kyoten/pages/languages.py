"""One page per language of content/languages/ (issue 18): the essentials in that language, with the
phone numbers and names from the model. No breadcrumbs and no 更新日 (their words are Japanese); the page links
back to the Japanese pages itself."""

from __future__ import annotations

from kyoten import urls
from kyoten.model.site import Site
from kyoten.pages.spec import PageSpec


def language_pages(site: Site) -> list[PageSpec]:
    kikan = site.providers_with(role="kikan")  # where to ask about 事前登録 when one has no 相談支援事業所
    return [PageSpec(urls.language(lang.slug), "language.html", lang.title, (),
                     {"language": lang, "kikan": kikan if lang.preregistration else ()},
                     description=lang.note[0], lang=lang.lang)
            for lang in site.languages]
