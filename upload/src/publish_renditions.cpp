// The publish renditions of one photo: the proof through the export path, the web thumbnail
// from the proof, the zoom proof from the preview or the original.
#include "publish_renditions.h"

#include "pd/core/content_hash.h"
#include "pd/core/zoom_proof.h"

namespace pd::upload::detail {

Result<RenditionJob> prepareRenditions(Catalog& catalog, const PhotoRecord& photo, const PublishSettings& settings) {
    RenditionJob job;
    ExportOptions proof;
    proof.kind = ExportKind::Proof;
    proof.longEdge = settings.proofLongEdge;
    auto p = prepareExport(catalog, photo.id, proof);
    PD_TRY(p);
    job.proof = std::move(p).value();
    ExportOptions zoom = proof;
    zoom.longEdge = settings.zoomLongEdge;
    auto z = prepareExport(catalog, photo.id, zoom);
    PD_TRY(z);
    job.zoomSource = std::move(z).value();
    job.zoomLongEdge = settings.zoomLongEdge;
    return job;
}

Result<RenderedPhoto> makeRenditions(const RenditionJob& job) {
    RenderedPhoto out;
    auto proof = makeExport(job.proof);
    if (!proof.ok()) return proof.error();
    out.proof = proof->bytes;
    auto thumb = makeWebThumbnail(out.proof);
    if (!thumb.ok()) return thumb.error().withContext(job.proof.photo.filename);
    out.thumb = thumb->jpeg;
    ZoomProofRequest zr;
    zr.source = job.zoomSource.bytes;
    zr.sourceIsEditedPreview = job.zoomSource.source == ExportJob::Source::EditedPreview;
    zr.edits = job.zoomSource.photo.edits;
    zr.longEdge = job.zoomLongEdge;
    zr.watermark = job.zoomSource.proof.watermark;
    auto zoom = makeZoomProof(zr);
    if (!zoom.ok()) return zoom.error().withContext(job.proof.photo.filename);
    out.zoom = zoom->jp2;
    out.hashes = WireRenditions{sha256Hex(out.proof), sha256Hex(out.thumb), sha256Hex(out.zoom)};
    return out;
}

} // namespace pd::upload::detail
