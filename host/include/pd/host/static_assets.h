// The gallery's CSS and JavaScript modules, built into the binary as Qt resources and served
// under /static/ with an ETag (revalidated on every use, so a new build is picked up at once).
#pragma once

#include "pd/host/http_handler.h"

#include <map>
#include <string>
#include <string_view>

namespace pd::host {

// Threads: handle() from any thread at once (the assets are loaded once, then only read).
class StaticAssets {
public:
    // Loads every file of the embedded web folder.
    StaticAssets();

    static bool owns(std::string_view path) { return path.substr(0, 8) == "/static/"; }
    // GET of a known asset: 200 or 304; anything else 404/405. Never touches the
    // file system: names are looked up in the embedded table only.
    HttpResponse handle(const HttpRequest& request) const;

private:
    struct Asset {
        std::string contentType;
        std::string bytes;
        std::string etag; // quoted SHA-256 prefix of the bytes
    };
    std::map<std::string, Asset, std::less<>> m_assets; // by name, e.g. "gallery.css"
};

// Whether an If-None-Match header value names `etag` (a list, weak forms and "*" included).
bool etagMatches(std::string_view ifNoneMatch, std::string_view etag);

} // namespace pd::host
