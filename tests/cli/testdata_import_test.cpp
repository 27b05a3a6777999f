#include <catch2/catch.hpp>

#include "cli_runner.h"
#include "test_support.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <sys/resource.h>

using namespace pd::test;

// The whole real-file corpus in one import, as a photographer dropping a messy folder would:
// camera files, EXIF orientations, phone photos (and a HEIC), JPEG 2000 conformance files, and
// every corrupt file. The good ones arrive byte for byte, each bad one has its reason, the
// process never crashes, and its memory stays bounded.
TEST_CASE("cli: importing the whole real-file corpus keeps every good file and names every bad one",
          "[cli][testdata]") {
    PD_REQUIRE_TESTDATA(root, "");
    QTemporaryDir dir;
    const QString catalog = dir.path() + "/catalog";
    REQUIRE(runCli(catalog, {"event", "create", "Corpus"}).exitCode == 0);

    const QStringList folders{"camera", "orientation", "phone", "jp2", "bad"};
    QStringList paths;
    for (const QString& f : folders) paths << root + "/" + f;
    const auto r = runCli(catalog, QStringList{"import", "Corpus"} + paths + QStringList{"--jobs", "2", "--json"}, 600000);
    INFO(r.err.left(2000).toStdString());
    REQUIRE((r.exitCode == 0 || r.exitCode == 3));
    const QJsonObject summary = r.json().object();
    const int imported = summary.value("imported").toInt();
    const QJsonArray failed = summary.value("failed").toArray();

    QHash<QString, QString> failures;
    for (const auto& v : failed) {
        const QJsonObject f = v.toObject();
        CHECK_FALSE(f.value("error").toString().isEmpty());
        failures.insert(QFileInfo(f.value("path").toString()).fileName(), f.value("error").toString());
    }
    // Every camera, orientation and phone JPEG is a good photo.
    for (const QString& f : {QString("camera"), QString("orientation"), QString("phone")}) {
        QDirIterator it(root + "/" + f, {"*.jpg"}, QDir::Files);
        while (it.hasNext()) {
            it.next();
            INFO(it.filePath().toStdString());
            CHECK_FALSE(failures.contains(it.fileName()));
        }
    }
    CHECK(failures.value("iphone_13_pro_max.heic").contains("HEIF"));
    CHECK(failures.contains("corrupted.jpg"));
    CHECK(imported >= 60);

    // What arrived is byte for byte what was on disk, found by content.
    QHash<QString, QString> sourceByHash;
    for (const QString& p : paths) {
        QDirIterator it(p, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            sourceByHash.insert(sha256Of(readFile(f)), f);
        }
    }
    const QJsonArray photos = runCli(catalog, {"photos", "Corpus", "--json"}).json().array();
    REQUIRE(photos.size() == imported);
    int exported = 0;
    for (const auto& v : photos) {
        const QJsonObject p = v.toObject();
        REQUIRE(sourceByHash.contains(p.value("sha256").toString()));
        if (exported++ % 7) continue;  // every 7th: exporting all adds time, not confidence
        const QString out = dir.path() + "/export.bin";
        REQUIRE(runCli(catalog, {"export", p.value("id").toString(), "--kind", "original", "--out", out}).exitCode == 0);
        CHECK(readFile(out) == readFile(sourceByHash.value(p.value("sha256").toString())));
    }
    const auto check = runCli(catalog, {"catalog", "check"});
    INFO(check.err.toStdString());
    CHECK(check.exitCode == 0);

    // Bounded memory: the largest proofdesk-cli process of this test stayed under 1 GiB.
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    INFO("peak RSS of a child: " << usage.ru_maxrss / 1024 << " MB");
    CHECK(usage.ru_maxrss < 1024 * 1024);
}
