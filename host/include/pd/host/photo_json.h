// The studio API's JSON for photos, their manifest and their favourites: strict parsing of what
// a studio sends (the first problem named by its field), and the form the host sends back.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <string_view>
#include <vector>

namespace pd::host {

// Pure functions of their arguments: thread-safe.

// The photo id of a URL path segment when it is one the host accepts (1 to 100 of A-Z a-z 0-9
// '-' '_': a UUID or a catalog's integer id), else empty.
QString photoIdFromPath(std::string_view segment);

// A photo PUT body: {category, position, filename, caption, captured_at, original_width,
// original_height, renditions{proof, thumb, zoom}}. The result has no id, event or store-made
// fields yet. Errors: InvalidArgument naming the field. Unknown fields are ignored.
Result<HostPhoto> parsePhotoPut(const QByteArray& body);

// {"id", "category", "position", "filename", "caption", "captured_at", "original_width",
// "original_height", "proof_width", "proof_height", "renditions" {proof, thumb, zoom: hash or
// null}, "updated_at"}.
QJsonObject photoToJson(const HostPhoto& photo);

// One photo of a manifest: the studio's view of what the host should hold.
struct ManifestPhoto {
    QString id;
    PhotoRenditions renditions;
};
// {"photos": [{"id", "renditions": {"proof", "thumb", "zoom"}}, ...]}; ids unique. Errors:
// InvalidArgument naming the entry.
Result<std::vector<ManifestPhoto>> parseManifest(const QByteArray& body);
// The same, with the optional "sweep_unreferenced": true|false (default false): the studio's
// full manifest of a finished publish asks the host to delete the renditions uploaded for the
// event that no photo uses.
struct ManifestRequest {
    std::vector<ManifestPhoto> photos;
    bool sweepUnreferenced = false;
};
Result<ManifestRequest> parseManifestRequest(const QByteArray& body);

// [{"email", "photo_id", "created_at"}, ...]
QJsonArray favouritesToJson(const std::vector<Favourite>& favourites);

} // namespace pd::host
