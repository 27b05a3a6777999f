#include <catch2/catch.hpp>

#include "db_fixture.h"
#include "test_support.h"

#include "pd/db/importer.h"
#include "pd/db/vault.h"

#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>

using namespace pd;
using pd::test::TempCatalog;

namespace {

struct Recorder : ImportProgress {
    int started = -1;
    std::vector<int> done;
    std::vector<ImportedFile> files;
    void importStarted(int total) override { started = total; }
    void fileFinished(const ImportedFile& f, int d, int) override { files.push_back(f); done.push_back(d); }
};

QString makeEvent(Catalog& c, const QString& name, QStringList categories = {}) {
    auto e = c.createEvent({name, {}, {}, {}, {}, categories});
    REQUIRE(e.ok());
    return e->id;
}

QImage thumbOf(Catalog& c, const QString& photoId) {
    auto r = c.rendition(photoId, "thumb");
    REQUIRE(r.ok());
    REQUIRE(r.value());
    return QImage::fromData(r.value()->jpeg, "JPEG");
}

} // namespace

TEST_CASE("a mixed card imports: images stored, bad files reported, duplicates skipped", "[db][import]") {
    TempCatalog c;
    QTemporaryDir src;
    const auto batch = pd::test::makeMixedBatch(src.path(), 5, 1600);
    const QString eventId = makeEvent(*c, "Party", {"Dance"});

    Recorder rec;
    CancelToken cancel;
    auto s = runImport(*c, {"Party", "Dance", {src.path()}, 2}, &rec, cancel);
    REQUIRE(s.ok());
    CHECK(s->imported == batch.valid.size());
    CHECK(s->duplicates == 1);
    REQUIRE(s->failed.size() == 2);
    for (const auto& f : s->failed) {
        CHECK(batch.invalid.contains(f.path));
        CHECK_FALSE(f.error.isEmpty());
    }
    // Progress: one call per file, counting up, from the calling thread.
    CHECK(rec.started == batch.valid.size() + 3);
    REQUIRE(rec.done.size() == size_t(rec.started));
    for (size_t i = 0; i < rec.done.size(); ++i) CHECK(rec.done[i] == int(i + 1));

    auto photos = c->photos(eventId);
    REQUIRE(photos.ok());
    REQUIRE(photos->size() == size_t(batch.valid.size()));
    auto vault = Vault::open(c->vaultPath(eventId), false);
    REQUIRE(vault.ok());
    for (const PhotoRecord& p : photos.value()) {
        CHECK(p.category == "Dance");
        // Originals byte for byte, under the SHA-256 of their bytes.
        const QString source = batch.dir + "/card/" + p.filename;
        const QByteArray bytes = pd::test::readFile(source);
        CHECK(p.sha256 == pd::test::sha256Of(bytes));
        CHECK((*vault)->readOriginal(p.sha256).value() == bytes);
        // Thumbnails are 400 px on the long edge and upright: the oriented size decides the shape.
        const QImage t = thumbOf(*c, p.id);
        CHECK(std::max(t.width(), t.height()) == 400);
        CHECK((t.width() > t.height()) == (p.width > p.height));
        if (p.filename.endsWith(".JPG")) {
            const bool turned = p.meta.orientation == 6 || p.meta.orientation == 8;
            CHECK((p.height > p.width) == turned);
        }
    }
}

TEST_CASE("importing the same files again adds nothing", "[db][import]") {
    TempCatalog c;
    QTemporaryDir src;
    const auto batch = pd::test::makeMixedBatch(src.path(), 3, 900);
    const QString eventId = makeEvent(*c, "E");
    CancelToken cancel;
    REQUIRE(runImport(*c, {"E", {}, {src.path()}, 1}, nullptr, cancel).ok());
    auto again = runImport(*c, {"E", {}, {src.path()}, 3}, nullptr, cancel);
    REQUIRE(again.ok());
    CHECK(again->imported == 0);
    CHECK(again->duplicates == batch.valid.size() + 1);
    CHECK(c->photoCount(eventId).value() == batch.valid.size());
    // The same files into another event are new there: duplicates are per event.
    makeEvent(*c, "Other");
    auto other = runImport(*c, {"Other", {}, batch.valid, 2}, nullptr, cancel);
    REQUIRE(other.ok());
    CHECK(other->imported == batch.valid.size());
}

TEST_CASE("an unknown event or category stops the import before any work", "[db][import]") {
    TempCatalog c;
    makeEvent(*c, "E", {"Ceremony"});
    CancelToken cancel;
    auto noEvent = runImport(*c, {"Nope", {}, {"/tmp"}, 1}, nullptr, cancel);
    REQUIRE_FALSE(noEvent.ok());
    CHECK(noEvent.error().code == ErrorCode::NotFound);
    auto noCat = runImport(*c, {"E", "Reception", {"/tmp"}, 1}, nullptr, cancel);
    REQUIRE_FALSE(noCat.ok());
    CHECK(noCat.error().message.contains("Ceremony"));  // says which categories exist
    auto missing = runImport(*c, {"E", {}, {"/definitely/not/here.jpg"}, 1}, nullptr, cancel);
    REQUIRE(missing.ok());
    REQUIRE(missing->failed.size() == 1);
    CHECK(missing->failed[0].error.contains("no such file"));
}

TEST_CASE("a cancelled import keeps what is done and can be resumed", "[db][import]") {
    TempCatalog c;
    QTemporaryDir src;
    const auto batch = pd::test::makeMixedBatch(src.path(), 14, 600);
    const QString eventId = makeEvent(*c, "E");

    struct CancelAfterFirst : ImportProgress {
        CancelToken* token;
        void fileFinished(const ImportedFile&, int, int) override { token->cancel(); }
    } progress;
    CancelToken cancel;
    progress.token = &cancel;
    auto s = runImport(*c, {"E", {}, batch.valid, 1}, &progress, cancel);
    REQUIRE(s.ok());
    CHECK(s->cancelled);
    const int kept = c->photoCount(eventId).value();
    CHECK(kept >= 1);
    CHECK(kept < batch.valid.size());

    // A cancelled job is not "unfinished" (the photographer stopped it); a crashed one is.
    CHECK(unfinishedJobs(*c)->empty());
    REQUIRE(c->db().exec(QStringLiteral("UPDATE jobs SET state = 'running' WHERE id = %1").arg(s->jobId)).ok());
    auto jobs = unfinishedJobs(*c);
    REQUIRE(jobs->size() == 1);
    CHECK(jobs->at(0).pending == batch.valid.size() - kept);
    CancelToken fresh;
    auto resumed = resumeImport(*c, s->jobId, 2, nullptr, fresh);
    REQUIRE(resumed.ok());
    CHECK(resumed->imported == batch.valid.size() - kept);
    CHECK(c->photoCount(eventId).value() == batch.valid.size());
    CHECK(unfinishedJobs(*c)->empty());
}

TEST_CASE("folders are searched recursively for images, by content or extension", "[db][import]") {
    QTemporaryDir src;
    const auto batch = pd::test::makeMixedBatch(src.path(), 2, 300);
    pd::test::writeFile(src.path() + "/card/.hidden.jpg", pd::test::readFile(batch.valid.first()));
    pd::test::writeFile(src.path() + "/card/no_extension", pd::test::readFile(batch.valid.first()));
    const ImportFiles files = collectImportFiles({src.path(), src.path() + "/gone"});
    CHECK(files.missing == QStringList{src.path() + "/gone"});
    CHECK(files.files.contains(src.path() + "/card/no_extension"));
    CHECK_FALSE(files.files.contains(src.path() + "/card/notes.txt"));
    CHECK_FALSE(files.files.contains(src.path() + "/card/.hidden.jpg"));
    for (const QString& f : batch.valid + batch.invalid + batch.duplicates) CHECK(files.files.contains(f));
}
