"""事前登録のご案内 and its blank 聞き取り票, 事業所の方へ, and the flyers (issue 5), when their YAML exists."""

from __future__ import annotations

from kyoten import urls
from kyoten.model.guidance import apply_providers
from kyoten.model.site import Site
from kyoten.pages.spec import Crumb, PageSpec


def guidance_pages(site: Site, top: Crumb) -> list[PageSpec]:
    """Issue 5: 事前登録のご案内 and its blank 聞き取り票, 事業所の方へ, flyers (only when their YAML exists)."""
    cfg, h, g = site.config, site.history, site.guidance
    out: list[PageSpec] = []
    if g.preregistration is not None:
        pre = g.preregistration
        out.append(PageSpec(urls.PREREGISTRATION, "preregistration.html", "緊急時に備える事前登録のご案内", (top,),
                            {"pre": pre, "providers": apply_providers(site.providers)},
                            description=f"{cfg.city_name}の地域生活支援拠点等の事前登録の対象、流れ、申込先です。",
                            updated=h.file("content/preregistration.yml", "providers.yaml")))
        out.append(PageSpec(urls.PREREGISTRATION_FORM, "preregistration_form.html", "事前登録 聞き取り票（記入用）",
                            (top, Crumb("緊急時に備える事前登録のご案内", urls.PREREGISTRATION)),
                            {"pre": pre, "pdf_url": urls.PREREGISTRATION_FORM_PDF},
                            description="事前登録の聞き取り票です。印刷して手で書き込めます。",
                            updated=h.file("content/preregistration.yml")))
    if g.for_providers is not None:
        out.append(PageSpec(urls.FOR_PROVIDERS, "for_providers.html", "事業所の方へ：拠点等登録事業所になるには", (top,),
                            {"fp": g.for_providers},
                            description=f"{cfg.city_name}の地域生活支援拠点等への事業所の登録（要件、加算、手続き）のご案内です。",
                            updated=h.file("content/for-providers.yml")))
    if g.flyers:
        listed = []
        for f in g.flyers:
            target = urls.absolute(cfg.base_url, f["link"])
            out.append(PageSpec(urls.flyer(f["id"]), "flyer.html", f["title"], (top, Crumb("チラシ", urls.FLYERS)),
                                {"flyer": f, "target_url": target, "pdf": False,
                                 "pdf_url": urls.flyer_pdf(f["id"])},
                                description=f"{f['title']}のチラシ（A4・印刷用）です。"))
            listed.append({"flyer": f, "page": urls.flyer(f["id"]), "pdf": urls.flyer_pdf(f["id"])})
        out.append(PageSpec(urls.FLYERS, "flyers.html", "チラシ（印刷用）", (top,), {"flyers": listed},
                            description=f"{cfg.city_name}の地域生活支援拠点等のチラシ（A4・PDF）です。",
                            updated=h.file("content/flyers.yml")))
    return out
