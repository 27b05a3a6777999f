// The host store's orders, shares and site secret on both engines: the feed's seq and cursor,
// acknowledgement, status changes, scoping by owner, and what two store objects on one
// database (as two host processes) do when they race.
#include <catch2/catch.hpp>

#include "store_backends.h"

#include "pd/host/secrets.h"

#include <atomic>
#include <map>
#include <set>
#include <thread>

using namespace pd;
using namespace pd::host;
using namespace pd::test;

namespace {

struct Gallery {
    std::unique_ptr<HostStore> store;
    QString ann, bob, event, bobEvent;
};

// Ann's event with photos p1..p3 and Bob's event with photo b1.
Gallery gallery(TestStore& under) {
    Gallery g{under.open(), {}, {}, newId(), newId()};
    g.ann = g.store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("a"))).value().id;
    g.bob = g.store->addPhotographer(QStringLiteral("Bob"), tokenHash(QStringLiteral("b"))).value().id;
    REQUIRE(g.store->putEvent(makeEvent(g.ann, g.event, QStringLiteral("Wedding"))).ok());
    REQUIRE(g.store->putEvent(makeEvent(g.bob, g.bobEvent, QStringLiteral("Party"))).ok());
    const BlobInfo annThumb = storeBlob(*g.store, g.ann, jpegBytes(1));
    const BlobInfo bobThumb = storeBlob(*g.store, g.bob, jpegBytes(1));
    for (const char* id : {"p1", "p2", "p3"}) {
        HostPhoto p;
        p.id = QString::fromLatin1(id);
        p.eventId = g.event;
        p.renditions.thumb = annThumb.sha256;
        REQUIRE(g.store->putPhoto(g.ann, p).ok());
    }
    HostPhoto b;
    b.id = QStringLiteral("b1");
    b.eventId = g.bobEvent;
    b.renditions.thumb = bobThumb.sha256;
    REQUIRE(g.store->putPhoto(g.bob, b).ok());
    return g;
}

HostOrder makeOrder(const QString& eventId, const QString& photoId, const QString& name = QStringLiteral("Jo")) {
    HostOrder o;
    o.eventId = eventId;
    o.customerName = name;
    o.email = QStringLiteral("Jo@Example.com");
    o.phone = QStringLiteral("+49 30 1234");
    o.delivery = QStringLiteral("ship");
    o.address = QStringLiteral("1 Main St\nBerlin");
    o.currency = QStringLiteral("EUR");
    o.shippingCents = 450;
    o.items.push_back(OrderItem{photoId, QStringLiteral("Print"), QStringLiteral("5x7"), QStringLiteral("matte"), 2,
                                800, CropRect{0.05, 0.1, 0.9, 0.8}});
    o.totalCents = 2 * 800 + 450;
    return o;
}

} // namespace

TEST_CASE("orders are placed, fed by seq after a cursor, acknowledged and given new statuses",
          "[host][store][orders]") {
    PD_EACH_BACKEND();
    Gallery g = gallery(*under);
    const HostOrder first = g.store->placeOrder(makeOrder(g.event, QStringLiteral("p1"))).value();
    CHECK_FALSE(first.id.isEmpty());
    CHECK(first.photographerId == g.ann);
    CHECK(first.status == "placed");
    CHECK(first.email == "jo@example.com");
    CHECK(first.seq > 0);
    const HostOrder second = g.store->placeOrder(makeOrder(g.event, QStringLiteral("p2"))).value();
    const HostOrder third = g.store->placeOrder(makeOrder(g.event, QStringLiteral("p3"))).value();
    CHECK(second.seq > first.seq);
    CHECK(third.seq > second.seq);
    const HostOrder bobs = g.store->placeOrder(makeOrder(g.bobEvent, QStringLiteral("b1"))).value();

    // Unknown event, a photo of another gallery: NotFound.
    CHECK(g.store->placeOrder(makeOrder(newId(), QStringLiteral("p1"))).error().code == ErrorCode::NotFound);
    CHECK(g.store->placeOrder(makeOrder(g.event, QStringLiteral("b1"))).error().code == ErrorCode::NotFound);

    const HostOrder read = g.store->order(g.ann, first.id).value().value();
    CHECK(read.items == makeOrder(g.event, QStringLiteral("p1")).items);
    CHECK(read.address == "1 Main St\nBerlin");
    CHECK(read.totalCents == 2050);
    CHECK(g.store->galleryOrder(g.event, first.id).value()->id == first.id);
    CHECK_FALSE(g.store->galleryOrder(g.bobEvent, first.id).value());
    CHECK_FALSE(g.store->order(g.bob, first.id).value());

    // The feed: by seq, after the cursor, at most `limit`, only the owner's.
    auto feed = g.store->orderFeed(g.ann, 0, 2).value();
    REQUIRE(feed.size() == 2);
    CHECK(feed[0].id == first.id);
    CHECK(feed[1].id == second.id);
    feed = g.store->orderFeed(g.ann, feed[1].seq, 10).value();
    REQUIRE(feed.size() == 1);
    CHECK(feed[0].id == third.id);
    CHECK(g.store->orderFeed(g.ann, third.seq, 10).value().empty());
    CHECK(g.store->orderFeed(g.bob, 0, 10).value().size() == 1);

    // A status change moves the order past every cursor handed out so far.
    const HostOrder moved = g.store->setOrderStatus(g.ann, first.id, QStringLiteral("sent_to_lab")).value();
    CHECK(moved.status == "sent_to_lab");
    CHECK(moved.seq > bobs.seq);
    feed = g.store->orderFeed(g.ann, third.seq, 10).value();
    REQUIRE(feed.size() == 1);
    CHECK(feed[0].id == first.id);
    CHECK(g.store->galleryOrder(g.event, first.id).value()->status == "sent_to_lab");
    CHECK(g.store->setOrderStatus(g.ann, first.id, QStringLiteral("lost")).error().code == ErrorCode::InvalidArgument);
    CHECK(g.store->setOrderStatus(g.bob, first.id, QStringLiteral("cancelled")).error().code == ErrorCode::NotFound);

    // Acknowledging: other photographers' and unknown ids are ignored; twice counts once.
    CHECK(g.store->acknowledgeOrders(g.bob, {first.id, second.id}).value() == 0);
    CHECK(g.store->acknowledgeOrders(g.ann, {first.id, second.id, bobs.id, QStringLiteral("nope"), first.id}).value() ==
          2);
    CHECK(g.store->acknowledgeOrders(g.ann, {first.id}).value() == 0);
    feed = g.store->orderFeed(g.ann, 0, 10).value();
    REQUIRE(feed.size() == 1);
    CHECK(feed[0].id == third.id);
    CHECK(g.store->order(g.ann, first.id).value()->acknowledged);
    CHECK(g.store->orderFeed(g.bob, 0, 10).value().size() == 1);

    // Orders outlive their gallery.
    REQUIRE(g.store->deleteEvent(g.ann, g.event).value());
    CHECK(g.store->order(g.ann, third.id).value());
    CHECK(g.store->orderFeed(g.ann, 0, 10).value().size() == 1);
    CHECK(g.store->check().value().isEmpty());
}

TEST_CASE("two store objects on one database place orders from many threads and a cursor reader sees each once",
          "[host][store][orders][concurrency]") {
    PD_EACH_BACKEND();
    Gallery g = gallery(*under);
    std::unique_ptr<HostStore> other = under->open(); // another process, as far as the database knows
    constexpr int kThreadsPerStore = 3, kEach = 15, kTotal = 2 * kThreadsPerStore * kEach;
    std::atomic<int> failures{0}, writersDone{0};
    std::mutex placedLock;
    std::set<QString> placed;
    std::vector<std::thread> writers;
    for (HostStore* s : {g.store.get(), other.get()})
        for (int t = 0; t < kThreadsPerStore; ++t)
            writers.emplace_back([&, s, t] {
                for (int i = 0; i < kEach; ++i) {
                    auto o = s->placeOrder(makeOrder(g.event, QStringLiteral("p%1").arg(1 + i % 3),
                                                     QStringLiteral("c%1-%2").arg(t).arg(i)));
                    if (!o.ok()) {
                        ++failures;
                        continue;
                    }
                    std::lock_guard lock(placedLock);
                    placed.insert(o->id);
                }
                ++writersDone;
            });
    // The reader follows the feed with a cursor while the writers run, on the other store object.
    std::map<QString, int> seen;
    std::set<qint64> seqs;
    qint64 cursor = 0;
    // It stops after the first empty read that began when every writer had finished.
    for (;;) {
        const bool finished = writersDone == 2 * kThreadsPerStore;
        auto feed = other->orderFeed(g.ann, cursor, 7);
        REQUIRE(feed.ok());
        for (const HostOrder& o : feed.value()) {
            CHECK(o.seq > cursor);
            ++seen[o.id];
            seqs.insert(o.seq);
            cursor = o.seq;
        }
        if (feed->empty()) {
            if (finished) break;
            std::this_thread::yield();
        }
    }
    for (auto& w : writers) w.join();
    CHECK(failures == 0);
    REQUIRE(placed.size() == std::size_t(kTotal));
    CHECK(seqs.size() == std::size_t(kTotal)); // every seq distinct
    CHECK(seen.size() == placed.size());
    for (const auto& [id, times] : seen) {
        CHECK(placed.count(id) == 1);
        CHECK(times == 1);
    }
}

TEST_CASE("shares are their owner's, found by token hash, revoked once and counted atomically",
          "[host][store][shares]") {
    PD_EACH_BACKEND();
    Gallery g = gallery(*under);
    Share s;
    s.eventId = g.event;
    s.photographerId = g.ann;
    s.tokenHash = tokenHash(QStringLiteral("share-token"));
    s.name = QStringLiteral("Daily Courier");
    s.photoIds = {QStringLiteral("p1"), QStringLiteral("p2")};
    s.maxPx = 1200;
    s.expires = QStringLiteral("2026-12-31");
    s.maxRetrievals = 10;
    const Share made = g.store->createShare(s).value();
    CHECK_FALSE(made.id.isEmpty());
    CHECK_FALSE(made.createdAt.isEmpty());

    Share stolen = s;
    stolen.photographerId = g.bob;
    stolen.tokenHash = tokenHash(QStringLiteral("other"));
    CHECK(g.store->createShare(stolen).error().code == ErrorCode::NotFound);
    Share wrongPhoto = s;
    wrongPhoto.tokenHash = tokenHash(QStringLiteral("third"));
    wrongPhoto.photoIds = {QStringLiteral("b1")};
    CHECK(g.store->createShare(wrongPhoto).error().code == ErrorCode::NotFound);
    CHECK(g.store->createShare(s).error().code == ErrorCode::AlreadyExists); // same token hash

    const Share found = g.store->shareByTokenHash(s.tokenHash).value().value();
    CHECK(found.id == made.id);
    CHECK(found.photoIds == s.photoIds);
    CHECK(found.maxPx == 1200);
    CHECK(found.expires == "2026-12-31");
    CHECK(found.maxRetrievals == 10);
    CHECK(found.retrievals == 0);
    CHECK(g.store->shares(g.ann, g.event).value().size() == 1);
    CHECK(g.store->shares(g.bob, g.event).error().code == ErrorCode::NotFound);
    CHECK_FALSE(g.store->shareByTokenHash(tokenHash(QStringLiteral("nope"))).value());

    // Two store objects, eight threads, forty attempts at a share that allows ten.
    std::unique_ptr<HostStore> other = under->open();
    std::atomic<int> granted{0}, failures{0};
    std::vector<std::thread> consumers;
    for (HostStore* st : {g.store.get(), other.get()})
        for (int t = 0; t < 4; ++t)
            consumers.emplace_back([&, st] {
                for (int i = 0; i < 5; ++i) {
                    auto r = st->consumeShareRetrieval(made.id);
                    if (!r.ok())
                        ++failures;
                    else if (r.value())
                        ++granted;
                }
            });
    for (auto& c : consumers) c.join();
    CHECK(failures == 0);
    CHECK(granted == 10);
    CHECK(g.store->shareByTokenHash(s.tokenHash).value()->retrievals == 10);
    CHECK_FALSE(g.store->consumeShareRetrieval(made.id).value());
    CHECK_FALSE(g.store->consumeShareRetrieval(newId()).value());

    CHECK_FALSE(g.store->revokeShare(g.bob, made.id).value());
    CHECK(g.store->shareByTokenHash(s.tokenHash).value()->revokedAt.isEmpty());
    CHECK(g.store->revokeShare(g.ann, made.id).value());
    const QString revokedAt = g.store->shareByTokenHash(s.tokenHash).value()->revokedAt;
    CHECK_FALSE(revokedAt.isEmpty());
    CHECK(g.store->revokeShare(g.ann, made.id).value());
    CHECK(g.store->shareByTokenHash(s.tokenHash).value()->revokedAt == revokedAt);

    // An unlimited share counts every retrieval; deleting the event deletes its shares.
    Share open = s;
    open.tokenHash = tokenHash(QStringLiteral("open"));
    open.maxRetrievals = 0;
    const Share unlimited = g.store->createShare(open).value();
    for (int i = 0; i < 25; ++i) CHECK(g.store->consumeShareRetrieval(unlimited.id).value());
    CHECK(g.store->shareByTokenHash(open.tokenHash).value()->retrievals == 25);
    REQUIRE(g.store->deleteEvent(g.ann, g.event).value());
    CHECK_FALSE(g.store->shareByTokenHash(open.tokenHash).value());
}

TEST_CASE("the site secret is made once per database and every store object racing for it gets the same",
          "[host][store]") {
    PD_EACH_BACKEND();
    std::unique_ptr<HostStore> a = under->open(), b = under->open();
    std::mutex lock;
    std::set<QByteArray> secrets;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (HostStore* s : {a.get(), b.get()})
        for (int t = 0; t < 3; ++t)
            threads.emplace_back([&, s] {
                auto secret = s->siteSecret();
                if (!secret.ok()) {
                    ++failures;
                    return;
                }
                std::lock_guard guard(lock);
                secrets.insert(secret.value());
            });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    REQUIRE(secrets.size() == 1);
    CHECK(secrets.begin()->size() == 32);
    CHECK(under->open()->siteSecret().value() == *secrets.begin());
    // Another database has its own.
    CHECK(makeTestStore(backend)->open()->siteSecret().value() != *secrets.begin());
}
