// proofdesk-cli's photo commands: listing, culling (rate, label, flag, select), edits and renditions.
#pragma once

#include <QStringList>

namespace pd {
class Catalog;
}

namespace pd::cli {

// `photos EVENT [--json]`.
int cmdPhotos(Catalog& cat, const QStringList& rest);
// `rate PHOTO 0-5`.
int cmdRate(Catalog& cat, const QStringList& rest);
// `label PHOTO red|yellow|green|blue|purple|none`.
int cmdLabel(Catalog& cat, const QStringList& rest);
// `flag PHOTO pick|reject|none`.
int cmdFlag(Catalog& cat, const QStringList& rest);
// `select PHOTO... [--off]`: selects photos for the web (or not).
int cmdSelect(Catalog& cat, const QStringList& rest);
// `edit PHOTO rotate|flip|crop|straighten|reset|undo|redo|copy-to|show ...`; makes the renditions again.
int cmdEdit(Catalog& cat, const QStringList& rest);
// `renditions rebuild [EVENT] [--all] [--jobs N] [--json]`.
int cmdRenditions(Catalog& cat, const QStringList& rest);

} // namespace pd::cli
