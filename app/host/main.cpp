// proofdesk-host: parses the command line (and PROOFDESK_HOST_* variables), opens the store,
// and runs the server or one admin command. The work itself is in pd_host.
#include "pd/host/access_log.h"
#include "pd/host/host_site.h"
#include "pd/host/http_server.h"
#include "pd/host/photographer_admin.h"
#include "pd/host/postgres_host_store.h"
#include "pd/host/sqlite_host_store.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstdio>
#include <map>
#include <optional>

using namespace pd;
using namespace pd::host;

namespace {

constexpr const char* kUsage = R"(usage: proofdesk-host COMMAND [options]
  serve [--listen ADDR:PORT] (--data DIR | --db URI) [--public-url URL] [--threads N]
        [--max-connections N] [--max-header-bytes N] [--max-json-bytes N] [--request-timeout T]
        [--idle-timeout T] [--shutdown-timeout T] [--access-log FILE|-|off]
        [--trusted-proxy CIDR]... [--tls-cert FILE --tls-key FILE]
      prints "listening on ADDR:PORT" as its first line; stops on SIGTERM/SIGINT;
      `serve --help` describes every option and its environment variable
  photographer add NAME STORE [--json]    prints the token once (only its hash is kept)
  photographer list STORE [--json]
  photographer revoke NAME|ID STORE
  migrate STORE
  check STORE
STORE is --data DIR (an SQLite file, DIR/host.sqlite) or --db postgresql://USER@HOST/DB?...
(a PostgreSQL database, which several proofdesk-host processes may share).
Times are like 30s, 500ms or 2m; a bare number is seconds. Every option can also be given as
PROOFDESK_HOST_<OPTION> (PROOFDESK_HOST_DATA, PROOFDESK_HOST_REQUEST_TIMEOUT, ...); a flag wins.
)";

struct OptionHelp {
    const char* name;
    const char* value;
    const char* help;
    const char* env = nullptr; // default: PROOFDESK_HOST_<NAME>
};

// Every option that takes a value; `serve --help` prints this table.
const OptionHelp kOptions[] = {
    {"listen", "ADDR:PORT", "address to listen on, numeric IPv4 or [IPv6]; port 0 picks a free one (127.0.0.1:8080)"},
    {"data", "DIR", "the SQLite store DIR/host.sqlite (created if missing)"},
    {"db", "URI", "a PostgreSQL store, postgresql://USER@HOST/DB?... (instead of --data)"},
    {"public-url", "URL", "how clients reach this host, https://photos.example.com (for links it prints)"},
    {"threads", "N", "server threads (default: one per core)"},
    {"max-connections", "N", "open connections at most; beyond it 503 (1000)"},
    {"max-header-bytes", "N", "request line and header fields at most; beyond it 431 (16384)"},
    {"max-json-bytes", "N", "JSON request bodies at most; beyond it 413 (262144)"},
    {"request-timeout", "T", "for a request from its first byte to its last, and for writing a response (30s)"},
    {"idle-timeout", "T", "a kept-alive connection waiting for its next request (60s)"},
    {"shutdown-timeout", "T", "after SIGTERM, for requests in flight (30s)"},
    {"access-log", "FILE|-|off", "one line per request, appended to FILE; - is stderr (default); off: none"},
    {"trusted-proxy", "CIDR",
     "a reverse proxy whose X-Forwarded-For/-Proto are believed (repeatable; the variable takes a comma list)",
     "PROOFDESK_HOST_TRUSTED_PROXIES"},
    {"tls-cert", "FILE", "PEM certificate chain: serve HTTPS only (TLS 1.2+), with --tls-key", "PROOFDESK_HOST_TLS_CERT"},
    {"tls-key", "FILE", "PEM private key of --tls-cert", "PROOFDESK_HOST_TLS_KEY"},
};

QByteArray envName(const QString& name) {
    for (const OptionHelp& o : kOptions)
        if (name == QLatin1String(o.name) && o.env) return o.env;
    return "PROOFDESK_HOST_" + name.toUpper().replace(QLatin1Char('-'), QLatin1Char('_')).toLatin1();
}

bool takesValue(const QString& name) {
    for (const OptionHelp& o : kOptions)
        if (name == QLatin1String(o.name)) return true;
    return false;
}

void printServeHelp() {
    std::printf("usage: proofdesk-host serve [options]\n"
                "Serves the host site until SIGTERM or SIGINT; prints \"listening on ADDR:PORT\" first.\n"
                "Every option can be given as an environment variable instead; a flag wins.\n"
                "Times are like 30s, 500ms or 2m (a bare number is seconds).\n\n");
    for (const OptionHelp& o : kOptions) {
        const QByteArray flag = QByteArray("--") + o.name + " " + o.value;
        std::printf("  %-26s %s\n  %-26s [%s]\n", flag.constData(), o.help, "", envName(QLatin1String(o.name)).constData());
    }
}

struct Arguments {
    QStringList positional;
    std::map<QString, QStringList> options; // every value given, in order
    bool json = false;
    bool help = false;

    // The last flag, else the variable (envName()), else nothing.
    std::optional<QString> value(const QString& name) const {
        if (auto it = options.find(name); it != options.end()) return it->second.last();
        const QByteArray env = envName(name);
        if (qEnvironmentVariableIsSet(env.constData())) return qEnvironmentVariable(env.constData());
        return std::nullopt;
    }
    // Every flag given, else the variable's comma-separated entries.
    QStringList values(const QString& name) const {
        if (auto it = options.find(name); it != options.end()) return it->second;
        QStringList list;
        if (auto v = value(name))
            for (const QString& item : v->split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (!item.trimmed().isEmpty()) list << item.trimmed();
        return list;
    }
};

int usageError(const QString& message) {
    std::fprintf(stderr, "proofdesk-host: %s\n%s", qPrintable(message), kUsage);
    return 2;
}

int fail(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: %s\n", qPrintable(e.toString()));
    return 1;
}

std::optional<Arguments> parseArguments(int argc, char** argv, QString& problem) {
    Arguments a;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (!arg.startsWith(QLatin1String("--"))) {
            a.positional << arg;
            continue;
        }
        QString name = arg.mid(2), value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (name == QLatin1String("json") && eq < 0) {
            a.json = true;
        } else if (name == QLatin1String("help") && eq < 0) {
            a.help = true;
        } else if (takesValue(name)) {
            if (eq < 0) {
                if (i + 1 >= argc) {
                    problem = QStringLiteral("--%1 needs a value").arg(name);
                    return std::nullopt;
                }
                value = QString::fromLocal8Bit(argv[++i]);
            }
            a.options[name] << value;
        } else {
            problem = QStringLiteral("unknown option %1").arg(arg);
            return std::nullopt;
        }
    }
    return a;
}

// "30s", "500ms", "2m", "30" (seconds).
std::optional<std::chrono::milliseconds> parseDuration(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^(\\d+)(ms|s|m)?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch()) return std::nullopt;
    bool ok = false;
    const qint64 n = m.captured(1).toLongLong(&ok);
    if (!ok || n > 86400000) return std::nullopt;
    const QString unit = m.captured(2);
    if (unit == QLatin1String("ms")) return std::chrono::milliseconds(n);
    if (unit == QLatin1String("m")) return std::chrono::milliseconds(n * 60000);
    return std::chrono::milliseconds(n * 1000);
}

// Reads the numeric and time options into the server's and the site's settings.
bool readServeOptions(const Arguments& a, HttpServerOptions& server, SiteLimits& site, QString& problem) {
    if (auto listen = a.value(QStringLiteral("listen"))) {
        static const QRegularExpression re(QStringLiteral("^\\[?([^\\[\\]]+)\\]?:(\\d{1,5})$"));
        const auto m = re.match(*listen);
        const int port = m.hasMatch() ? m.captured(2).toInt() : -1;
        if (port < 0 || port > 65535) {
            problem = QStringLiteral("--listen wants ADDR:PORT, as 127.0.0.1:8080 or [::1]:0");
            return false;
        }
        server.address = m.captured(1).toStdString();
        server.port = std::uint16_t(port);
    }
    const auto number = [&](const char* name, qint64 lo, qint64 hi, auto& out) {
        const auto v = a.value(QString::fromLatin1(name));
        if (!v) return true;
        bool ok = false;
        const qint64 n = v->toLongLong(&ok);
        if (!ok || n < lo || n > hi) {
            problem =
                QStringLiteral("--%1 wants a whole number from %2 to %3").arg(QLatin1String(name)).arg(lo).arg(hi);
            return false;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(n);
        return true;
    };
    const auto duration = [&](const char* name, std::chrono::milliseconds& out) {
        const auto v = a.value(QString::fromLatin1(name));
        if (!v) return true;
        const auto d = parseDuration(*v);
        if (!d || d->count() == 0) {
            problem = QStringLiteral("--%1 wants a time such as 30s or 500ms").arg(QLatin1String(name));
            return false;
        }
        out = *d;
        return true;
    };
    for (const QString& cidr : a.values(QStringLiteral("trusted-proxy"))) server.trustedProxies.push_back(cidr.toStdString());
    server.tlsCertFile = a.value(QStringLiteral("tls-cert")).value_or(QString()).toStdString();
    server.tlsKeyFile = a.value(QStringLiteral("tls-key")).value_or(QString()).toStdString();
    if (server.tlsCertFile.empty() != server.tlsKeyFile.empty()) {
        problem = QStringLiteral("--tls-cert and --tls-key go together");
        return false;
    }
    if (auto url = a.value(QStringLiteral("public-url"))) {
        static const QRegularExpression re(QStringLiteral("^https?://[^/?#\\s]+(/[^?#\\s]*)?$"));
        if (!re.match(*url).hasMatch()) {
            problem = QStringLiteral("--public-url wants an http(s) URL such as https://photos.example.com");
            return false;
        }
        QString u = *url;
        while (u.endsWith(QLatin1Char('/'))) u.chop(1);
        site.publicUrl = u.toStdString();
    }
    return number("threads", 1, 1024, server.threads) && number("max-connections", 1, 1000000, server.maxConnections) &&
           number("max-header-bytes", 1024, 1 << 20, server.maxHeaderBytes) &&
           number("max-json-bytes", 1024, 64 << 20, site.jsonBodyBytes) &&
           duration("request-timeout", server.requestTimeout) && duration("idle-timeout", server.idleTimeout) &&
           duration("shutdown-timeout", server.shutdownTimeout);
}

// Opens the store --db names (PostgreSQL) or DIR/host.sqlite of --data; `migrate` brings it to
// the newest schema first.
Result<std::unique_ptr<HostStore>> openStore(const Arguments& a, bool migrate) {
    auto data = a.value(QStringLiteral("data"));
    auto db = a.value(QStringLiteral("db"));
    // A flag wins over a variable: --data beats PROOFDESK_HOST_DB and --db beats PROOFDESK_HOST_DATA.
    if (a.options.count(QStringLiteral("data")) && !a.options.count(QStringLiteral("db"))) db.reset();
    if (a.options.count(QStringLiteral("db")) && !a.options.count(QStringLiteral("data"))) data.reset();
    const bool hasData = data && !data->isEmpty(), hasDb = db && !db->isEmpty();
    if (hasData == hasDb)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("give either --data DIR or --db postgresql://... (or set PROOFDESK_HOST_DATA "
                                        "or PROOFDESK_HOST_DB)"));
    std::unique_ptr<HostStore> store;
    if (hasDb) {
        auto pg = PostgresHostStore::open(*db);
        if (!pg.ok()) return pg.error();
        store = std::move(pg).value();
    } else {
        if (!migrate && !QFileInfo::exists(QDir(*data).filePath(SqliteHostStore::fileName())))
            return makeError(ErrorCode::NotFound, QStringLiteral("no host store here"), *data);
        auto sqlite = SqliteHostStore::open(*data);
        if (!sqlite.ok()) return sqlite.error();
        store = std::move(sqlite).value();
    }
    if (!migrate) return store;
    auto before = store->schemaVersion();
    if (!before.ok()) return before.error();
    PD_TRY(store->migrate());
    if (before.value() != store->newestSchemaVersion())
        std::fprintf(stderr, "proofdesk-host: store migrated from schema version %d to %d\n", before.value(),
                     store->newestSchemaVersion());
    return store;
}

int serve(const Arguments& a) {
    if (a.help) {
        printServeHelp();
        return 0;
    }
    HttpServerOptions options;
    SiteLimits limits;
    QString problem;
    if (!readServeOptions(a, options, limits, problem)) return usageError(problem);
    auto store = openStore(a, true);
    if (!store.ok()) return fail(store.error());
    auto log = AccessLog::open(a.value(QStringLiteral("access-log")).value_or(QString()));
    if (!log.ok()) return fail(log.error());
    HostSite site(*store.value(), limits);
    HttpServer server(options, site, *log.value());
    auto bound = server.listen();
    if (!bound.ok()) return fail(bound.error());
    std::printf("listening on %s\n", bound.value().c_str());
    if (!options.tlsCertFile.empty()) std::fprintf(stderr, "proofdesk-host: HTTPS only on this port\n");
    std::fflush(stdout);
    server.run();
    std::fprintf(stderr, "proofdesk-host: stopped\n");
    return 0;
}

QJsonObject photographerJson(const Photographer& p) {
    return QJsonObject{{"id", p.id},
                       {"name", p.name},
                       {"created_at", p.createdAt},
                       {"revoked_at", p.revoked() ? QJsonValue(p.revokedAt) : QJsonValue()}};
}

int photographer(const Arguments& a) {
    const QString verb = a.positional.value(1);
    auto store = openStore(a, true);
    if (!store.ok()) return fail(store.error());
    if (verb == QLatin1String("add")) {
        if (a.positional.size() != 3) return usageError(QStringLiteral("photographer add takes one NAME"));
        auto added = addPhotographer(*store.value(), a.positional[2]);
        if (!added.ok()) return fail(added.error());
        if (a.json) {
            QJsonObject o = photographerJson(added->photographer);
            o.insert(QStringLiteral("token"), added->token);
            std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf("%s\n", qPrintable(added->token));
            std::fprintf(stderr,
                         "proofdesk-host: photographer \"%s\" added (id %s). The line above is their token; "
                         "it is shown this once and cannot be recovered.\n",
                         qPrintable(added->photographer.name), qPrintable(added->photographer.id));
        }
        return 0;
    }
    if (verb == QLatin1String("list")) {
        auto all = store.value()->photographers();
        if (!all.ok()) return fail(all.error());
        QJsonArray list;
        for (const Photographer& p : all.value()) {
            if (a.json)
                list.append(photographerJson(p));
            else
                std::printf(
                    "%s  %s  %s\n", qPrintable(p.id),
                    qPrintable(p.revoked() ? QStringLiteral("revoked %1").arg(p.revokedAt) : QStringLiteral("active")),
                    qPrintable(p.name));
        }
        if (a.json) std::printf("%s\n", QJsonDocument(list).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    if (verb == QLatin1String("revoke")) {
        if (a.positional.size() != 3) return usageError(QStringLiteral("photographer revoke takes one NAME or ID"));
        auto revoked = store.value()->revokePhotographer(a.positional[2]);
        if (!revoked.ok()) return fail(revoked.error());
        std::fprintf(stderr, "proofdesk-host: token of \"%s\" revoked\n", qPrintable(revoked->name));
        return 0;
    }
    return usageError(QStringLiteral("photographer add|list|revoke"));
}

int check(const Arguments& a) {
    auto store = openStore(a, false);
    if (!store.ok()) return fail(store.error());
    auto problems = store.value()->check();
    if (!problems.ok()) return fail(problems.error());
    for (const QString& p : problems.value()) std::printf("%s\n", qPrintable(p));
    if (!problems->isEmpty()) return 1;
    std::printf("ok\n");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    QString problem;
    const auto args = parseArguments(argc, argv, problem);
    if (!args) return usageError(problem);
    const QString command = args->positional.value(0);
    if (command == QLatin1String("serve")) return serve(*args);
    if (command == QLatin1String("photographer")) return photographer(*args);
    if (command == QLatin1String("migrate")) {
        auto store = openStore(*args, true);
        if (!store.ok()) return fail(store.error());
        std::printf("schema version %d\n", store.value()->newestSchemaVersion());
        return 0;
    }
    if (command == QLatin1String("check")) return check(*args);
    if (command.isEmpty() || command == QLatin1String("help") || args->help) {
        std::fputs(kUsage, stdout);
        return command.isEmpty() ? 2 : 0;
    }
    return usageError(QStringLiteral("unknown command %1").arg(command));
}
