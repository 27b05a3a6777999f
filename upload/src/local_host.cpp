// The embedded default host: starts proofdesk-host as a child process, reads the address it
// bound, and registers it as the catalog's "this-computer" profile.
#include "pd/upload/local_host.h"

#include "pd/db/catalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

#include <csignal>
#include <sys/prctl.h>

namespace pd::upload {

namespace {

constexpr int kStartTimeoutMs = 20000;
constexpr int kAdminTimeoutMs = 30000;

QString portFile(const QString& dataDir) { return QDir(dataDir).filePath(QStringLiteral("studio-port")); }

} // namespace

LocalHost::LocalHost(LocalHostOptions options) : m_o(std::move(options)) {}

LocalHost::~LocalHost() { stop(); }

QString LocalHost::defaultHostBinary() {
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("proofdesk-host"));
}

bool LocalHost::isRunning() const { return m_process && m_process->state() == QProcess::Running && !m_url.isEmpty(); }

qint64 LocalHost::processId() const { return m_process ? m_process->processId() : 0; }

Result<QString> LocalHost::start() {
    if (isRunning()) return m_url;
    if (!QFileInfo(m_o.hostBinary).isExecutable())
        return makeError(ErrorCode::Io, QStringLiteral("proofdesk-host is not installed beside the app"), m_o.hostBinary);
    if (!QDir().mkpath(m_o.dataDir)) return makeError(ErrorCode::Io, QStringLiteral("cannot create the host's data folder"), m_o.dataDir);
    QFile last(portFile(m_o.dataDir));
    quint16 port = 0;
    if (last.open(QIODevice::ReadOnly)) port = quint16(last.readAll().trimmed().toUInt());
    auto url = startOn(port);
    if (!url.ok() && port != 0) url = startOn(0);   // last time's port is taken now
    if (!url.ok()) return url;
    QSaveFile f(portFile(m_o.dataDir));
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QByteArray::number(QUrl(url.value()).port()) + '\n');
        (void)f.commit();   // only a hint for next time
    }
    return url;
}

Result<QString> LocalHost::startOn(quint16 port) {
    stop();
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(m_o.hostBinary);
    m_process->setArguments({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                             QStringLiteral("--data"), m_o.dataDir, QStringLiteral("--access-log"),
                             QDir(m_o.dataDir).filePath(QStringLiteral("access.log"))});
    m_process->setStandardErrorFile(QDir(m_o.dataDir).filePath(QStringLiteral("server.err")));
    // The host goes when the app goes, even when the app crashes (the signal follows the thread
    // that started it, which lives as long as the app's publish thread).
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_process->start();
    if (!m_process->waitForStarted(kStartTimeoutMs))
        return makeError(ErrorCode::Io, QStringLiteral("proofdesk-host did not start: %1").arg(m_process->errorString()), m_o.hostBinary);
    static const QRegularExpression re(QStringLiteral("^listening on (127\\.0\\.0\\.1:\\d+)\\n"));
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains('\n') && t.elapsed() < kStartTimeoutMs && m_process->state() == QProcess::Running) {
        m_process->waitForReadyRead(250);
        out += m_process->readAllStandardOutput();
    }
    const auto m = re.match(QString::fromUtf8(out));
    if (!m.hasMatch()) {
        QFile err(QDir(m_o.dataDir).filePath(QStringLiteral("server.err")));
        const QString why = err.open(QIODevice::ReadOnly) ? QString::fromUtf8(err.readAll()).trimmed() : QString();
        stop();
        return makeError(ErrorCode::Io, QStringLiteral("the local proofdesk-host did not come up: %1").arg(why.isEmpty() ? QString::fromUtf8(out) : why),
                         m_o.dataDir);
    }
    m_url = QStringLiteral("http://") + m.captured(1);
    return m_url;
}

void LocalHost::stop() {
    m_url.clear();
    if (!m_process) return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

Result<HostProfile> LocalHost::registerProfile(Catalog& catalog) {
    if (!isRunning()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("the local host is not running"));
    PublishStore store(catalog);
    auto hosts = store.hosts();
    PD_TRY(hosts);
    const QString name = QLatin1String(kLocalHostProfile);
    for (const HostProfile& h : hosts.value()) {
        if (h.name != name) continue;
        if (h.url != m_url) PD_TRY(setHostUrl(catalog, name, m_url));
        return store.requireHost(name);
    }
    // A photographer for this catalog: another catalog on this machine may have taken the name.
    QString lastError;
    for (int n = 1; n <= 20; ++n) {
        const QString who = n == 1 ? QStringLiteral("This computer") : QStringLiteral("This computer %1").arg(n);
        QProcess admin;
        admin.setProgram(m_o.hostBinary);
        admin.setArguments({QStringLiteral("photographer"), QStringLiteral("add"), who, QStringLiteral("--data"), m_o.dataDir});
        admin.start();
        if (!admin.waitForFinished(kAdminTimeoutMs)) {
            admin.kill();
            admin.waitForFinished();
            return makeError(ErrorCode::Io, QStringLiteral("`proofdesk-host photographer add` did not finish"), m_o.dataDir);
        }
        const QByteArray token = admin.readAllStandardOutput().trimmed();
        lastError = QString::fromUtf8(admin.readAllStandardError()).trimmed();
        if (admin.exitStatus() == QProcess::NormalExit && admin.exitCode() == 0 && !token.isEmpty())
            return store.addHost(name, m_url, token);
        if (!lastError.contains(QLatin1String("exists"))) break;
    }
    return makeError(ErrorCode::Io, QStringLiteral("the local host refused a new photographer: %1").arg(lastError), m_o.dataDir);
}

Status setHostUrl(Catalog& catalog, const QString& name, const QString& url) {
    QString base = url;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    auto st = catalog.db().prepare(QStringLiteral("UPDATE host_profiles SET url = ? WHERE name = ?"));
    PD_TRY(st);
    PD_TRY(st->bind(1, base).bind(2, name).run());
    if (catalog.db().changes() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no host named \"%1\"").arg(name));
    return {};
}

} // namespace pd::upload
