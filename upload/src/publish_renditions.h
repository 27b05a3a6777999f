// Internal: one photo's publish renditions (proof, web thumbnail, zoom proof), prepared on the
// catalog's thread and made on any thread.
#pragma once

#include "pd/core/publish_wire.h"
#include "pd/db/photo_export.h"
#include "pd/db/publish_store.h"

namespace pd::upload::detail {

struct RenditionJob {
    ExportJob proof;       // kind Proof at the event's proof size
    ExportJob zoomSource;  // kind Proof at the zoom size: its source bytes and watermark
    int zoomLongEdge = 0;
};

struct RenderedPhoto {
    QByteArray proof, thumb, zoom;
    WireRenditions hashes;
};

// Reads what the job needs from the catalog (preview or original). Catalog's thread.
Result<RenditionJob> prepareRenditions(Catalog& catalog, const PhotoRecord& photo, const PublishSettings& settings);
// Pure; the same job gives the same bytes.
Result<RenderedPhoto> makeRenditions(const RenditionJob& job);

} // namespace pd::upload::detail
