// What every proofdesk-cli command file shares: exit codes, the option parser, printing errors
// and JSON, and the small value parsers more than one command needs.
#pragma once

#include "pd/core/cancel_token.h"
#include "pd/core/result.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

class QJsonArray;
class QJsonDocument;
class QJsonObject;

namespace pd::cli {

// Exit code: done.
constexpr int kOk = 0;
// Exit code: the operation failed.
constexpr int kFailed = 1;
// Exit code: the command line is wrong.
constexpr int kUsage = 2;
// Exit code: the operation finished but some items failed (listed on stderr and in --json).
constexpr int kPartial = 3;

// A parsed command line: positional arguments, each option's values in the order given, and flags.
struct Args {
    QStringList positional;
    QHash<QString, QStringList> values;
    QSet<QString> flags;
    // The first value given for an option (empty when not given).
    QString value(const QString& name) const { return values.value(name).value(0); }
    // Whether a flag or an option with a value was given.
    bool has(const QString& name) const { return flags.contains(name) || values.contains(name); }
};

// A wrong command line; run() prints the message with the --help hint and exits with kUsage.
struct UsageError { QString message; };

// Splits "--name value", "--name=value" and flags from positional arguments ("--" ends the
// options); throws UsageError on an option not listed or a missing value.
Args parseArgs(const QStringList& in, const QSet<QString>& valueOptions, const QSet<QString>& flagOptions);

// Prints "proofdesk-cli COMMAND: MESSAGE" and the --help hint on stderr; returns kUsage.
int usage(const char* command, const QString& message);

// Prints the error on stderr; returns kFailed.
int fail(const Error& e);

// True when r holds a value; otherwise prints its error, sets code to kFailed and returns false.
template <typename T>
bool check(const Result<T>& r, int& code) {
    if (r.ok()) return true;
    code = fail(r.error());
    return false;
}

// Prints a JSON document, indented, on stdout.
void printJson(const QJsonDocument& doc);
// Prints a JSON object, indented, on stdout.
void printJson(const QJsonObject& o);
// Prints a JSON array, indented, on stdout.
void printJson(const QJsonArray& a);

// The --jobs N option (1 to 64), 0 when not given; throws UsageError on anything else.
int parseJobs(const Args& a);

// A finite number; throws UsageError naming `what` otherwise.
double parseNumber(const QString& text, const QString& what);

// yes/true/on or no/false/off; throws UsageError naming `what` otherwise.
bool parseYesNo(const QString& text, const QString& what);

// Runs fn with a token that SIGINT/SIGTERM cancel (what is done so far is kept), then restores
// the previous handlers; returns fn's exit code.
int withImportSignals(const std::function<int(CancelToken&)>& fn);

} // namespace pd::cli
