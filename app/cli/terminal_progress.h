// Import progress on a terminal: a redrawn bar on stderr when it is a TTY, nothing otherwise.
#pragma once

#include "pd/db/importer.h"

#include <cstdio>

namespace pd::cli {

class TerminalProgress final : public ImportProgress {
public:
    explicit TerminalProgress(std::FILE* out);
    void importStarted(int totalFiles) override;
    void fileFinished(const ImportedFile& file, int done, int total) override;
    void finish();  // ends the bar's line

private:
    std::FILE* m_out;
    bool m_tty;
    int m_imported = 0, m_duplicates = 0, m_failed = 0;
};

} // namespace pd::cli
