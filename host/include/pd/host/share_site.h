// Shares: /s/<token>/ (a small page listing the shared photos) and /s/<token>/iiif/3/... (the
// IIIF image service within the share's limits). The token is the whole credential.
#pragma once

#include "pd/host/http_handler.h"

#include <string>
#include <string_view>

namespace pd::host {

class HostStore;

// The token is looked up only by its SHA-256 (the store's unique index: no comparison of secrets
// in our code, and the token is never stored). Statuses: 404 for an unknown or malformed token
// (and for photos outside the share), 403 once revoked or when the retrievals are used up, 410
// after its last day or its event's (the gallery's) last day. Each image response (not info.json, not a 304) counts one retrieval.
// Threads: any. Never throws.
class ShareSite {
public:
    ShareSite(HostStore& store, std::string publicUrl) : m_store(store), m_publicUrl(std::move(publicUrl)) {}

    static bool owns(std::string_view path) { return path.substr(0, 3) == "/s/"; }
    HttpResponse handle(const HttpRequest& request);

private:
    HostStore& m_store;
    std::string m_publicUrl;
};

} // namespace pd::host
