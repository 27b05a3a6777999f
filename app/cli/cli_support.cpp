// The helpers shared by proofdesk-cli's command files (see cli_support.h).
#include "cli_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <csignal>
#include <cstdio>

namespace pd::cli {

namespace {

// SIGINT/SIGTERM cancel a running import: what is decoded is still stored.
CancelToken* g_cancel = nullptr;
extern "C" void onSignal(int) {
    if (g_cancel) g_cancel->cancel();
}

} // namespace

// Options that take a value and flags that do not; anything else starting with -- is an error.
Args parseArgs(const QStringList& in, const QSet<QString>& valueOptions, const QSet<QString>& flagOptions) {
    Args a;
    for (int i = 0; i < in.size(); ++i) {
        const QString& s = in[i];
        if (s == QLatin1String("--")) {
            a.positional << in.mid(i + 1);
            break;
        }
        if (s.startsWith(QLatin1String("--")) && s.size() > 2) {
            QString name = s.mid(2), value;
            const int eq = name.indexOf(QLatin1Char('='));
            if (eq > 0) { value = name.mid(eq + 1); name = name.left(eq); }
            if (valueOptions.contains(name)) {
                if (eq < 0) {
                    if (i + 1 >= in.size()) throw UsageError{QStringLiteral("--%1 needs a value").arg(name)};
                    value = in[++i];
                }
                a.values[name] << value;
            } else if (flagOptions.contains(name) && eq < 0) {
                a.flags.insert(name);
            } else {
                throw UsageError{QStringLiteral("unknown option --%1").arg(name)};
            }
        } else {
            a.positional << s;
        }
    }
    return a;
}

int usage(const char* command, const QString& message) {
    std::fprintf(stderr, "proofdesk-cli %s: %s\n(see proofdesk-cli --help)\n", command, qPrintable(message));
    return kUsage;
}

int fail(const Error& e) {
    std::fprintf(stderr, "proofdesk-cli: %s\n", qPrintable(e.toString()));
    return kFailed;
}

void printJson(const QJsonDocument& doc) {
    std::fputs(doc.toJson(QJsonDocument::Indented).constData(), stdout);
}
void printJson(const QJsonObject& o) { printJson(QJsonDocument(o)); }
void printJson(const QJsonArray& a) { printJson(QJsonDocument(a)); }

int parseJobs(const Args& a) {
    if (!a.values.contains(QStringLiteral("jobs"))) return 0;
    bool ok = false;
    const int n = a.value(QStringLiteral("jobs")).toInt(&ok);
    if (!ok || n < 1 || n > 64) throw UsageError{QStringLiteral("--jobs takes a number from 1 to 64")};
    return n;
}

double parseNumber(const QString& text, const QString& what) {
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v)) throw UsageError{QStringLiteral("%1 takes a number, not \"%2\"").arg(what, text)};
    return v;
}

bool parseYesNo(const QString& text, const QString& what) {
    if (text == QLatin1String("yes") || text == QLatin1String("true") || text == QLatin1String("on")) return true;
    if (text == QLatin1String("no") || text == QLatin1String("false") || text == QLatin1String("off")) return false;
    throw UsageError{QStringLiteral("%1 takes yes or no").arg(what)};
}

int withImportSignals(const std::function<int(CancelToken&)>& fn) {
    CancelToken cancel;
    g_cancel = &cancel;
    auto oldInt = std::signal(SIGINT, onSignal);
    auto oldTerm = std::signal(SIGTERM, onSignal);
    const int code = fn(cancel);
    std::signal(SIGINT, oldInt);
    std::signal(SIGTERM, oldTerm);
    g_cancel = nullptr;
    return code;
}

} // namespace pd::cli
