from wegweiser.testing.matrix import EVERYONE, UrlCase

CASES = [
    # The API's description and its documentation page are public: they hold no data.
    UrlCase("api:openapi-json", EVERYONE),
    UrlCase("api:openapi-view", EVERYONE),
]
CASES.append(UrlCase("api:api-root", EVERYONE))
CASES.append(UrlCase("api_root", EVERYONE))
