// Reads the whole catalog and every vault, and says what is wrong.
#include "pd/db/catalog_check.h"

#include "pd/db/catalog.h"
#include "pd/db/vault.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace pd {

namespace {

QStringList integrityProblems(SqliteDb& db, const QString& what) {
    QStringList out;
    for (const char* pragma : {"PRAGMA integrity_check", "PRAGMA foreign_key_check"}) {
        auto st = db.prepare(QString::fromLatin1(pragma));
        if (!st.ok()) { out << what + QStringLiteral(": ") + st.error().message; continue; }
        for (;;) {
            auto r = st->step();
            if (!r.ok()) { out << what + QStringLiteral(": ") + r.error().message; break; }
            if (!r.value()) break;
            const QString line = st->text(0);
            if (line != QLatin1String("ok")) out << QStringLiteral("%1: %2 reports %3").arg(what, QLatin1String(pragma + 7), line);
        }
    }
    return out;
}

bool looksLikeJpeg(const QByteArray& b) {
    return b.size() > 4 && uchar(b[0]) == 0xFF && uchar(b[1]) == 0xD8 && uchar(b[b.size() - 2]) == 0xFF &&
           uchar(b[b.size() - 1]) == 0xD9;
}

} // namespace

Result<CatalogCheckReport> checkCatalog(Catalog& catalog) {
    CatalogCheckReport report;
    report.problems << integrityProblems(catalog.db(), QStringLiteral("catalog"));

    auto events = catalog.events();
    PD_TRY(events);
    QSet<QString> eventIds;
    for (const EventRecord& e : events.value()) {
        ++report.events;
        eventIds.insert(e.id);
        const QString label = QStringLiteral("event \"%1\"").arg(e.name);
        auto photos = catalog.photos(e.id);
        PD_TRY(photos);
        report.photos += int(photos->size());
        if (!QFileInfo::exists(catalog.vaultPath(e.id))) {
            report.problems << QStringLiteral("%1: its vault %2 is missing").arg(label, catalog.vaultPath(e.id));
            continue;
        }
        auto vault = Vault::open(catalog.vaultPath(e.id), false);
        if (!vault.ok()) { report.problems << label + QStringLiteral(": ") + vault.error().toString(); continue; }
        report.problems << integrityProblems((*vault)->db(), label + QStringLiteral(" vault"));

        QSet<QString> referenced;
        for (const PhotoRecord& p : photos.value()) {
            referenced.insert(p.sha256);
            const QString who = QStringLiteral("%1: photo %2 (%3)").arg(label, p.id, p.filename);
            auto good = (*vault)->verifyOriginal(p.sha256, p.byteSize);
            if (!good.ok()) report.problems << who + QStringLiteral(": ") + good.error().message;
            else if (!good.value()) report.problems << who + QStringLiteral(": the stored original does not match its SHA-256 or size");
            for (const char* kind : {"thumb", "preview"}) {
                auto r = catalog.rendition(p.id, QLatin1String(kind));
                PD_TRY(r);
                if (!r.value() || !looksLikeJpeg(r.value()->jpeg) || r.value()->width <= 0)
                    report.problems << who + QStringLiteral(": the %1 is missing or damaged").arg(QLatin1String(kind));
            }
        }
        auto hashes = (*vault)->originalHashes();
        PD_TRY(hashes);
        int extra = 0;
        for (const QString& h : hashes.value()) extra += referenced.contains(h) ? 0 : 1;
        if (extra)
            report.notes << QStringLiteral("%1: %2 original(s) in the vault from an interrupted import; importing "
                                           "the same files again uses them").arg(label).arg(extra);
    }

    const QFileInfoList vaultFiles = QDir(catalog.vaultsDir()).entryInfoList({QStringLiteral("*.sqlite")}, QDir::Files);
    for (const QFileInfo& f : vaultFiles)
        if (!eventIds.contains(f.completeBaseName()))
            report.notes << QStringLiteral("vault %1 belongs to no event in the catalog (left by an interrupted archive?)")
                                .arg(f.fileName());
    return report;
}

} // namespace pd
