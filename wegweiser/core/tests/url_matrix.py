from wegweiser.testing.matrix import EVERYONE, STAFF, UrlCase

CASES = [
    UrlCase("core:home", STAFF),
    UrlCase("core:about", EVERYONE),
    UrlCase("core:health", EVERYONE),
    UrlCase("core:set_language", EVERYONE, method="POST", data=lambda w: {"language": "en", "next": "/about/"}),
]
