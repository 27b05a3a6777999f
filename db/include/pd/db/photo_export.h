// Exporting photos out of the studio as files: originals, studio renditions, proofs (edits +
// watermark, for customers) and print files (full resolution with edits, for the lab).
// Watermarks go on proofs only; the other kinds never carry one.
#pragma once

#include "pd/core/cancel_token.h"
#include "pd/core/print_file.h"
#include "pd/core/proof.h"
#include "pd/core/result.h"
#include "pd/db/records.h"

#include <QByteArray>
#include <QDate>
#include <QStringList>

#include <optional>
#include <vector>

namespace pd {

class Catalog;

enum class ExportKind { Original, Thumbnail, Preview, Proof, Print };
QString exportKindName(ExportKind kind);   // "original", "thumb", "preview", "proof", "print"
std::optional<ExportKind> exportKindFromName(const QString& name);

struct WatermarkChoice {
    enum class Mode { EventDefault, None, Preset };
    Mode mode = Mode::EventDefault;
    QString preset;   // Mode::Preset: a preset's id or name
};

struct ExportOptions {
    ExportKind kind = ExportKind::Proof;
    std::optional<PrintSize> printSize;   // Print: crop to this size's shape and set its DPI
    int longEdge = 0;                     // Proof: px; 0 = the event's proof size
    int quality = 0;                      // Proof and Print: 1..100; 0 = 85 for proofs, 95 for prints
    WatermarkChoice watermark;            // Proof only
};

struct ExportedPhoto {
    QByteArray bytes;
    int width = 0;
    int height = 0;
    // How it was made. Proof: "preview" (from the current edited preview) or "original";
    // Print: printMethodName(); Thumbnail/Preview: "stored" or "remade" (the stored one was stale);
    // Original: "original".
    QString method;
    QString suffix;   // file extension without the dot ("jpg", or the original's own)
};

// Everything one export needs, read on the catalog's thread; makeExport runs on any thread.
struct ExportJob {
    enum class Source { Finished, EditedPreview, Original };
    PhotoRecord photo;
    ExportOptions options;
    Source source = Source::Original;
    QByteArray bytes;          // the finished file, the photo's current preview, or its original
    ProofOptions proof;        // Proof: resolved long edge, quality, watermark, tags
    QString suffix;
};

// Errors: NotFound (photo, watermark preset), InvalidArgument (quality or size out of range),
// Io/Database reading the vault.
Result<ExportJob> prepareExport(Catalog& catalog, const QString& photoId, const ExportOptions& options);
Result<ExportedPhoto> makeExport(const ExportJob& job);
// Both of the above, on the calling thread.
Result<ExportedPhoto> exportPhoto(Catalog& catalog, const QString& photoId, const ExportOptions& options);

// File names. Placeholders: {event} {seq} {seq:03} (zero-padded to 3) {filename} (the original's
// name without its extension) {id} {date} (capture date, yyyy-MM-dd) {kind} {size} {category}.
// Characters that cannot be in a file name become "_". The extension is added by the export.
struct FileNameFields {
    QString event;
    int seq = 1;
    QString filename;
    QString id;
    QDate date;
    QString kind;
    QString size;
    QString category;
};
// InvalidArgument for an unknown placeholder, an unclosed brace or an empty result.
Result<QString> expandFileNameTemplate(const QString& fileNameTemplate, const FileNameFields& fields);

struct BatchExportRequest {
    QStringList photoIds;                          // in the order {seq} counts them
    QString folder;                                // created when missing
    ExportOptions options;
    QString fileNameTemplate = QStringLiteral("{filename}");
    int jobs = 0;                                  // threads; 0 = one per core
};

struct ExportedFile {
    QString photoId;
    QString path;
    int width = 0;
    int height = 0;
    QString method;
};

struct ExportFailure {
    QString photoId;
    QString error;
};

struct BatchExportSummary {
    std::vector<ExportedFile> written;
    std::vector<ExportFailure> failed;
    bool cancelled = false;
};

// Called on the thread that called exportPhotos, once per photo written.
class ExportProgress {
public:
    virtual ~ExportProgress() = default;
    virtual void photoExported(const ExportedFile& file, int done, int total) { (void)file; (void)done; (void)total; }
};

// Exports the photos into the folder: made a few at a time on a pool, written on the calling
// thread with write-then-rename (an existing file of the same name is replaced; two photos of one
// export that would get the same name get "-2", "-3"...). A photo that fails is listed and the
// rest goes on. Errors: a bad template, a folder that cannot be made, a database failure.
Result<BatchExportSummary> exportPhotos(Catalog& catalog, const BatchExportRequest& request, ExportProgress* progress,
                                        const CancelToken& cancel);

} // namespace pd
