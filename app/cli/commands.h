// The proofdesk-cli command table (DESIGN.md section 11).
#pragma once

#include <QStringList>

namespace pd::cli {

// Exit codes: 0 done; 1 the operation failed; 2 the command line is wrong; 3 an import finished
// but some files failed (listed on stderr and in --json).
int run(const QStringList& args);

} // namespace pd::cli
