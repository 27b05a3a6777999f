// The host store's blobs, photos and favourites on both engines: content-addressed renditions
// per photographer, the garbage rule, scoping by owner, check() on damaged blobs, and SQL
// metacharacters in every text field.
#include <catch2/catch.hpp>

#include "store_backends.h"

#include "pd/core/content_hash.h"
#include "pd/host/secrets.h"

using namespace pd;
using namespace pd::host;
using namespace pd::test;

namespace {

HostPhoto makePhoto(const QString& eventId, const QString& id, const PhotoRenditions& r, int position = 0) {
    HostPhoto p;
    p.id = id;
    p.eventId = eventId;
    p.position = position;
    p.category = QStringLiteral("Party");
    p.filename = id + QStringLiteral(".jpg");
    p.originalWidth = 6000;
    p.originalHeight = 4000;
    p.renditions = r;
    return p;
}

struct Two {
    std::unique_ptr<HostStore> store;
    QString ann, bob, annEvent, bobEvent;
};

Two twoPhotographers(TestStore& under) {
    Two t{under.open(), {}, {}, newId(), newId()};
    t.ann = t.store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("a"))).value().id;
    t.bob = t.store->addPhotographer(QStringLiteral("Bob"), tokenHash(QStringLiteral("b"))).value().id;
    REQUIRE(t.store->putEvent(makeEvent(t.ann, t.annEvent, QStringLiteral("Ann's wedding"))).ok());
    REQUIRE(t.store->putEvent(makeEvent(t.bob, t.bobEvent, QStringLiteral("Bob's party"))).ok());
    return t;
}

bool stored(HostStore& store, const QString& owner, const QString& sha) {
    return store.blobInfo(owner, sha).value().has_value();
}

} // namespace

TEST_CASE("blobs are stored once per photographer and the manifest names the missing ones in order",
          "[host][store][blobs]") {
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const QByteArray bytes = jpegBytes(1);
    const BlobInfo info{sha256Hex(bytes), QStringLiteral("image/jpeg"), 40, 30, bytes.size()};
    CHECK(t.store->putBlob(t.ann, info, bytes).value() == PutOutcome::Created);
    CHECK(t.store->putBlob(t.ann, info, bytes).value() == PutOutcome::Updated);
    const auto got = t.store->blobInfo(t.ann, info.sha256).value();
    REQUIRE(got);
    CHECK(got->mime == "image/jpeg");
    CHECK(got->width == 40);
    CHECK(got->height == 30);
    CHECK(got->size == bytes.size());
    // Bob holds nothing of Ann's, even for the same bytes.
    CHECK_FALSE(t.store->blobInfo(t.bob, info.sha256).value());

    const QString x = sha256Hex(QByteArray("x")), y = sha256Hex(QByteArray("y"));
    CHECK(t.store->missingBlobs(t.ann, {y, info.sha256, x, y, x, info.sha256}).value() == QStringList{y, x});
    CHECK(t.store->missingBlobs(t.ann, {}).value().isEmpty());
    CHECK(t.store->missingBlobs(t.bob, {info.sha256}).value() == QStringList{info.sha256});
    CHECK(t.store->putBlob(t.bob, info, bytes).value() == PutOutcome::Created);
    CHECK(t.store->missingBlobs(t.bob, {info.sha256}).value().isEmpty());
    CHECK(t.store->check().value().isEmpty());
}

TEST_CASE("one missingBlobs call answers for 40000 hashes with repeats in order and without repeats",
          "[host][store][blobs]") {
    // The manifest route asks for every hash of an event in one call (no 500-at-a-time batches);
    // the list travels as one JSON parameter, so no SQL parameter limit applies.
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const QByteArray bytes = jpegBytes(2);
    const BlobInfo held{sha256Hex(bytes), QStringLiteral("image/jpeg"), 40, 30, bytes.size()};
    REQUIRE(t.store->putBlob(t.ann, held, bytes).ok());
    QStringList asked, expected;
    for (int i = 0; i < 20000; ++i) {
        const QString h = sha256Hex(QByteArray::number(i));
        expected << h;
        asked << h;
        if (i == 7777) asked << held.sha256;
    }
    asked += asked.mid(0, 20001); // every hash again
    REQUIRE(asked.size() == 40002);
    const QStringList missing = t.store->missingBlobs(t.ann, asked).value();
    CHECK(missing.size() == 20000);
    CHECK(missing == expected);
    CHECK_FALSE(missing.contains(held.sha256));
}

TEST_CASE("photos name uploaded renditions only, take the proof size from the proof, and stay their owner's",
          "[host][store][photos]") {
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const BlobInfo proof = storeBlob(*t.store, t.ann, jpegBytes(1, 64, 48), 64, 48);
    const BlobInfo thumb = storeBlob(*t.store, t.ann, jpegBytes(2));
    const BlobInfo bobs = storeBlob(*t.store, t.bob, jpegBytes(3));

    auto missing = t.store->putPhoto(
        t.ann, makePhoto(t.annEvent, QStringLiteral("p1"), {sha256Hex(QByteArray("never")), thumb.sha256, {}}));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::InvalidArgument);
    CHECK(missing.error().message.contains(QStringLiteral("proof")));
    CHECK(missing.error().message.contains(QStringLiteral("has not been uploaded")));
    // Bob's blob is not Ann's to use.
    auto foreign =
        t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("p1"), {proof.sha256, bobs.sha256, {}}));
    REQUIRE_FALSE(foreign.ok());
    CHECK(foreign.error().code == ErrorCode::InvalidArgument);
    HostPhoto badCategory = makePhoto(t.annEvent, QStringLiteral("p1"), {proof.sha256, thumb.sha256, {}});
    badCategory.category = QStringLiteral("Nope");
    CHECK(t.store->putPhoto(t.ann, badCategory).error().code == ErrorCode::InvalidArgument);
    CHECK(t.store->galleryPhotos(t.annEvent).value().empty());

    HostPhoto p1 = makePhoto(t.annEvent, QStringLiteral("p1"), {proof.sha256, thumb.sha256, {}}, 2);
    CHECK(t.store->putPhoto(t.ann, p1).value() == PutOutcome::Created);
    p1.caption = QStringLiteral("First dance");
    CHECK(t.store->putPhoto(t.ann, p1).value() == PutOutcome::Updated);
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("b"), {{}, thumb.sha256, {}}, 1)).ok());
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("a"), {{}, thumb.sha256, {}}, 2)).ok());

    const auto list = t.store->photos(t.ann, t.annEvent).value();
    REQUIRE(list.size() == 3);
    CHECK(list[0].id == "b"); // by position, then id
    CHECK(list[1].id == "a");
    CHECK(list[2].id == "p1");
    CHECK(list[2].caption == "First dance");
    CHECK(list[2].proofWidth == 64);
    CHECK(list[2].proofHeight == 48);
    CHECK(list[2].originalWidth == 6000);
    CHECK(list[2].renditions == p1.renditions);
    CHECK(list[0].proofWidth == 0);
    CHECK(t.store->galleryPhoto(t.annEvent, QStringLiteral("p1")).value()->proofWidth == 64);
    CHECK(t.store->galleryPhotos(t.annEvent).value().size() == 3);

    const auto bytes = t.store->photoRendition(t.annEvent, QStringLiteral("p1"), QStringLiteral("proof")).value();
    REQUIRE(bytes);
    CHECK(bytes->bytes == jpegBytes(1, 64, 48));
    CHECK(bytes->info.sha256 == proof.sha256);
    CHECK(bytes->info.mime == "image/jpeg");
    CHECK_FALSE(t.store->photoRendition(t.annEvent, QStringLiteral("p1"), QStringLiteral("zoom")).value());
    CHECK_FALSE(t.store->photoRendition(t.bobEvent, QStringLiteral("p1"), QStringLiteral("proof")).value());
    CHECK(t.store->photoRendition(t.annEvent, QStringLiteral("p1"), QStringLiteral("../etc")).error().code ==
          ErrorCode::InvalidArgument);

    // Bob can neither write, list nor delete Ann's photos.
    CHECK(t.store->putPhoto(t.bob, makePhoto(t.annEvent, QStringLiteral("x"), {{}, bobs.sha256, {}})).error().code ==
          ErrorCode::NotFound);
    CHECK(t.store->photos(t.bob, t.annEvent).error().code == ErrorCode::NotFound);
    CHECK_FALSE(t.store->deletePhoto(t.bob, t.annEvent, QStringLiteral("p1")).value());
    CHECK(t.store->photos(t.bob, t.bobEvent).value().empty());
    CHECK(t.store->photos(t.ann, t.annEvent).value().size() == 3);
    CHECK(t.store->deletePhoto(t.ann, t.annEvent, QStringLiteral("a")).value());
    CHECK_FALSE(t.store->deletePhoto(t.ann, t.annEvent, QStringLiteral("a")).value());
    CHECK(t.store->check().value().isEmpty());
}

TEST_CASE("renditions a photo no longer uses are collected unless another photo of the photographer uses them",
          "[host][store][blobs]") {
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const QString second = newId();
    REQUIRE(t.store->putEvent(makeEvent(t.ann, second, QStringLiteral("Second"))).ok());
    const BlobInfo a = storeBlob(*t.store, t.ann, jpegBytes(1)), b = storeBlob(*t.store, t.ann, jpegBytes(2)),
                   c = storeBlob(*t.store, t.ann, jpegBytes(3)), unused = storeBlob(*t.store, t.ann, jpegBytes(4));
    storeBlob(*t.store, t.bob, jpegBytes(2)); // Bob's copy of b's bytes

    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("p1"), {a.sha256, b.sha256, {}})).ok());
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(second, QStringLiteral("p2"), {{}, b.sha256, {}})).ok());

    // Replacing p1's proof drops a; b is still p1's thumb.
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("p1"), {c.sha256, b.sha256, {}})).ok());
    CHECK_FALSE(stored(*t.store, t.ann, a.sha256));
    CHECK(t.store->missingBlobs(t.ann, {a.sha256, b.sha256, c.sha256}).value() == QStringList{a.sha256});
    // Deleting p1 drops c, not b (p2 uses it), and never the blob no photo has used yet.
    REQUIRE(t.store->deletePhoto(t.ann, t.annEvent, QStringLiteral("p1")).value());
    CHECK_FALSE(stored(*t.store, t.ann, c.sha256));
    CHECK(stored(*t.store, t.ann, b.sha256));
    CHECK(stored(*t.store, t.ann, unused.sha256));
    // Deleting the second event drops b with p2; Bob's copy stays.
    REQUIRE(t.store->deleteEvent(t.ann, second).value());
    CHECK_FALSE(stored(*t.store, t.ann, b.sha256));
    CHECK(stored(*t.store, t.bob, b.sha256));
    CHECK(stored(*t.store, t.ann, unused.sha256));
    // Bob deleting Ann's event does nothing.
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("p3"), {unused.sha256, {}, {}})).ok());
    CHECK_FALSE(t.store->deleteEvent(t.bob, t.annEvent).value());
    CHECK(stored(*t.store, t.ann, unused.sha256));
    CHECK(t.store->check().value().isEmpty());
}

TEST_CASE("a sweep deletes what was uploaded for the event and never used, and nothing else",
          "[host][store][blobs]") {
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const QString second = newId();
    REQUIRE(t.store->putEvent(makeEvent(t.ann, second, QStringLiteral("Second"))).ok());
    auto upload = [&](const QString& owner, int seed, const QString& forEvent) {
        const QByteArray bytes = jpegBytes(seed);
        const BlobInfo info{sha256Hex(bytes), QStringLiteral("image/jpeg"), 40, 30, bytes.size()};
        REQUIRE(t.store->putBlob(owner, info, bytes, forEvent).value() == PutOutcome::Created);
        return info.sha256;
    };
    const QString used = upload(t.ann, 1, t.annEvent);        // a photo of the event uses it
    const QString orphan = upload(t.ann, 2, t.annEvent);      // uploaded, then the photo changed
    const QString kept = upload(t.ann, 3, t.annEvent);        // named by the manifest, not yet PUT
    const QString elsewhere = upload(t.ann, 4, t.annEvent);   // another event's photo uses it
    const QString otherEvent = upload(t.ann, 5, second);      // uploaded for the second event
    const QString noEvent = upload(t.ann, 6, {});             // uploaded without an event
    const QString bobs = upload(t.bob, 2, t.bobEvent);        // Bob's copy of the orphan's bytes
    // Uploading again keeps the event it was first uploaded for.
    {
        const QByteArray bytes = jpegBytes(5);
        const BlobInfo info{otherEvent, QStringLiteral("image/jpeg"), 40, 30, bytes.size()};
        CHECK(t.store->putBlob(t.ann, info, bytes, t.annEvent).value() == PutOutcome::Updated);
    }
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("p1"), {used, {}, {}})).ok());
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(second, QStringLiteral("p2"), {elsewhere, {}, {}})).ok());

    // Another photographer's event is not found, and sweeps nothing.
    auto foreign = t.store->sweepUnreferencedBlobs(t.bob, t.annEvent, {});
    REQUIRE_FALSE(foreign.ok());
    CHECK(foreign.error().code == ErrorCode::NotFound);
    CHECK(stored(*t.store, t.ann, orphan));

    CHECK(t.store->sweepUnreferencedBlobs(t.ann, t.annEvent, {kept}).value() == 1);
    CHECK_FALSE(stored(*t.store, t.ann, orphan));
    for (const QString& h : {used, kept, elsewhere, otherEvent, noEvent}) CHECK(stored(*t.store, t.ann, h));
    CHECK(stored(*t.store, t.bob, bobs));
    // Idempotent; without the manifest's protection the unused one goes too.
    CHECK(t.store->sweepUnreferencedBlobs(t.ann, t.annEvent, {kept}).value() == 0);
    CHECK(t.store->sweepUnreferencedBlobs(t.ann, t.annEvent, {}).value() == 1);
    CHECK_FALSE(stored(*t.store, t.ann, kept));
    // The second event's own sweep: its upload is unused now, p2's blob (uploaded for Ann's
    // wedding) is not its to judge but is used anyway.
    CHECK(t.store->sweepUnreferencedBlobs(t.ann, second, {}).value() == 1);
    CHECK_FALSE(stored(*t.store, t.ann, otherEvent));
    CHECK(stored(*t.store, t.ann, elsewhere));
    CHECK(stored(*t.store, t.ann, noEvent));   // no event recorded: never swept
    // Reopened as another process would: the recorded event persisted.
    const QString late = upload(t.ann, 7, t.annEvent);
    auto again = under->open();
    CHECK(again->sweepUnreferencedBlobs(t.ann, t.annEvent, {}).value() == 1);
    CHECK_FALSE(stored(*again, t.ann, late));
    CHECK(t.store->check().value().isEmpty());
}

TEST_CASE("favourites are per gallery and customer, idempotent, and go with their photo", "[host][store]") {
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const BlobInfo thumb = storeBlob(*t.store, t.ann, jpegBytes(1));
    for (const char* id : {"p1", "p2", "p3"})
        REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QString::fromLatin1(id), {{}, thumb.sha256, {}})).ok());
    const QString jo = QStringLiteral("Jo@Example.com");
    REQUIRE(t.store->setFavourite(t.annEvent, jo, QStringLiteral("p2"), true).ok());
    REQUIRE(t.store->setFavourite(t.annEvent, jo, QStringLiteral("p2"), true).ok());
    REQUIRE(t.store->setFavourite(t.annEvent, QStringLiteral("jo@example.com"), QStringLiteral("p3"), true).ok());
    REQUIRE(t.store->setFavourite(t.annEvent, QStringLiteral("max@example.com"), QStringLiteral("p1"), true).ok());
    QStringList mine = t.store->favourites(t.annEvent, QStringLiteral("jo@example.com")).value();
    mine.sort();
    CHECK(mine == QStringList{QStringLiteral("p2"), QStringLiteral("p3")});
    CHECK(t.store->favourites(t.bobEvent, jo).value().isEmpty());
    CHECK(t.store->setFavourite(t.annEvent, jo, QStringLiteral("nope"), true).error().code == ErrorCode::NotFound);
    CHECK(t.store->setFavourite(t.bobEvent, jo, QStringLiteral("p1"), true).error().code == ErrorCode::NotFound);

    const auto all = t.store->eventFavourites(t.ann, t.annEvent).value();
    REQUIRE(all.size() == 3);
    CHECK(all[0].email == "jo@example.com");
    CHECK(all[2].email == "max@example.com");
    CHECK(t.store->eventFavourites(t.bob, t.annEvent).error().code == ErrorCode::NotFound);

    REQUIRE(t.store->setFavourite(t.annEvent, jo, QStringLiteral("p2"), false).ok());
    REQUIRE(t.store->setFavourite(t.annEvent, jo, QStringLiteral("p2"), false).ok());
    CHECK(t.store->favourites(t.annEvent, jo).value() == QStringList{QStringLiteral("p3")});
    REQUIRE(t.store->deletePhoto(t.ann, t.annEvent, QStringLiteral("p3")).value());
    CHECK(t.store->favourites(t.annEvent, jo).value().isEmpty());
    CHECK(t.store->eventFavourites(t.ann, t.annEvent).value().size() == 1);
}

TEST_CASE("check finds a blob damaged behind the store's back and a photo whose blob is gone", "[host][store]") {
    PD_EACH_BACKEND();
    Two t = twoPhotographers(*under);
    const BlobInfo a = storeBlob(*t.store, t.ann, jpegBytes(1)), b = storeBlob(*t.store, t.ann, jpegBytes(2));
    REQUIRE(t.store->putPhoto(t.ann, makePhoto(t.annEvent, QStringLiteral("p1"), {a.sha256, b.sha256, {}})).ok());
    REQUIRE(t.store->check().value().isEmpty());

    // One byte less: wrong size and wrong hash (substr works on BLOB and on bytea).
    under->exec(QStringLiteral("UPDATE blobs SET bytes = substr(bytes, 2) WHERE sha256 = '%1'").arg(a.sha256));
    QStringList problems = t.store->check().value();
    INFO(problems.join('\n').toStdString());
    CHECK(problems.filter(a.sha256).size() == 2);
    CHECK(problems.filter(QStringLiteral("hash to")).size() == 1);

    under->exec(QStringLiteral("DELETE FROM blobs WHERE sha256 = '%1'").arg(b.sha256));
    problems = t.store->check().value();
    CHECK(problems.filter(QStringLiteral("thumb %1 is not stored").arg(b.sha256)).size() == 1);
}

TEST_CASE("SQL metacharacters and unicode round-trip in every text field", "[host][store][hostile]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    const QString evil[] = {QStringLiteral("O'Brien \"quoted\" \\ back`tick` %_ $1 ?1"),
                            QStringLiteral("'; DROP TABLE photos; --"),
                            QStringLiteral("Ünïcödé 日本語 🎞️ \u202Eright-to-left")};
    for (const QString& text : evil) {
        DYNAMIC_SECTION("text " << text.toStdString()) {
            const QString owner = store->addPhotographer(text, tokenHash(text)).value().id;
            CHECK(store->photographers().value()[0].name == text);
            EventUpdate e = makeEvent(owner, text, text);
            e.event.description = text;
            e.event.categories = {text, text + QStringLiteral("2")};
            e.event.expires = text;
            e.accessCodeHash = text;
            REQUIRE(store->putEvent(e).ok());
            const HostEvent back = store->event(owner, text).value().value();
            CHECK(back.name == text);
            CHECK(back.description == text);
            CHECK(back.categories == e.event.categories);
            CHECK(back.accessCodeHash == text);
            CHECK(store->eventBySlug(back.slug).value()->id == text);

            const QByteArray bytes = jpegBytes(7);
            BlobInfo info{sha256Hex(bytes), text, 40, 30, bytes.size()};
            REQUIRE(store->putBlob(owner, info, bytes).ok());
            CHECK(store->blobInfo(owner, info.sha256).value()->mime == text);
            HostPhoto p = makePhoto(text, text, {info.sha256, {}, {}});
            p.category = text;
            p.filename = p.caption = p.capturedAt = text;
            REQUIRE(store->putPhoto(owner, p).ok());
            const HostPhoto photo = store->galleryPhoto(text, text).value().value();
            CHECK(photo.filename == text);
            CHECK(photo.caption == text);
            CHECK(photo.capturedAt == text);
            CHECK(photo.category == text);
            CHECK(store->photoRendition(text, text, QStringLiteral("proof")).value()->bytes == bytes);
            REQUIRE(store->setFavourite(text, text, text, true).ok());
            CHECK(store->favourites(text, text).value() == QStringList{text});

            HostOrder o;
            o.eventId = text;
            o.customerName = o.email = o.phone = o.delivery = o.address = o.note = o.currency = text;
            o.items.push_back(OrderItem{text, text, text, text, 2, 500, CropRect{0.1, 0.2, 0.5, 0.6}});
            const HostOrder placed = store->placeOrder(o).value();
            const HostOrder read = store->order(owner, placed.id).value().value();
            CHECK(read.customerName == text);
            CHECK(read.email == text.toLower());
            CHECK(read.address == text);
            CHECK(read.note == text);
            CHECK(read.items == o.items);

            Share s;
            s.eventId = text;
            s.photographerId = owner;
            s.tokenHash = s.name = text;
            s.photoIds = {text};
            const Share made = store->createShare(s).value();
            const Share found = store->shareByTokenHash(text).value().value();
            CHECK(found.id == made.id);
            CHECK(found.name == text);
            CHECK(found.photoIds == QStringList{text});
            // Nothing was dropped or rewritten: the tables still answer.
            CHECK(store->photos(owner, text).value().size() == 1);
            CHECK(store->check().value().isEmpty());
        }
    }
}
