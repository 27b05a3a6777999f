// proofdesk-cli's export commands: one file, a batch into a folder, and the watermark presets.
#pragma once

#include <QStringList>

namespace pd {
class Catalog;
}

namespace pd::cli {

// `export PHOTO --kind K [--size S] [--quality Q] [--watermark PRESET|none] --out FILE [--json]`.
int cmdExport(Catalog& cat, const QStringList& rest);
// `export-photos EVENT|PHOTO... --to DIR --kind K [...]`: many photos into a folder, named by a template.
int cmdExportPhotos(Catalog& cat, const QStringList& rest);
// `watermark add|update|list|show|remove ...`: the watermark presets.
int cmdWatermark(Catalog& cat, const QStringList& rest);

} // namespace pd::cli
