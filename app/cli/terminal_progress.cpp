// Draws the import's progress bar.
#include "terminal_progress.h"

#include <QFileInfo>

#include <unistd.h>

namespace pd::cli {

TerminalProgress::TerminalProgress(std::FILE* out) : m_out(out), m_tty(isatty(fileno(out)) == 1) {}

void TerminalProgress::importStarted(int totalFiles) {
    if (m_tty) std::fprintf(m_out, "Importing %d file(s)...\n", totalFiles);
}

void TerminalProgress::fileFinished(const ImportedFile& file, int done, int total) {
    if (file.outcome == ImportOutcome::Imported) ++m_imported;
    else if (file.outcome == ImportOutcome::Duplicate) ++m_duplicates;
    else ++m_failed;
    if (!m_tty) return;
    constexpr int kWidth = 30;
    const int filled = total > 0 ? done * kWidth / total : kWidth;
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '-';
    bar[kWidth] = 0;
    std::fprintf(m_out, "\r\033[K[%s] %d/%d  new %d  duplicate %d  failed %d  %s", bar, done, total, m_imported,
                 m_duplicates, m_failed, qPrintable(QFileInfo(file.path).fileName().left(40)));
    std::fflush(m_out);
}

void TerminalProgress::finish() {
    if (m_tty) std::fprintf(m_out, "\n");
}

} // namespace pd::cli
