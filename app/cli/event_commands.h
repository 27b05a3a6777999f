// proofdesk-cli's event commands: events, imports, unfinished jobs, the catalog check and the demo.
#pragma once

#include <QStringList>

namespace pd {
class Catalog;
}

namespace pd::cli {

// `event create|list|show|set|archive|attach ...` (set includes the gallery settings of publish).
int cmdEvent(Catalog& cat, const QStringList& rest);
// `import EVENT PATH... [--category NAME] [--jobs N] [--json]`.
int cmdImport(Catalog& cat, const QStringList& rest);
// `jobs [--json] | jobs resume [--jobs N] [--json]`: lists or finishes interrupted imports.
int cmdJobs(Catalog& cat, const QStringList& rest);
// `catalog check [--json]`.
int cmdCatalog(Catalog& cat, const QStringList& rest);
// `demo [--json]`: creates the demo event from the bundled sample photos.
int cmdDemo(Catalog& cat, const QStringList& rest);

} // namespace pd::cli
