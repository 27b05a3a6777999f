// Fuzzes the gallery's checkout parser (POST /g/<slug>/api/orders, JSON from a customer's
// browser) against an event that offers pickup and shipping and has a few photos.
#include "fuzz_common.h"

#include "pd/host/gallery_order.h"

namespace {

struct Fixture {
    pd::host::HostEvent event;
    pd::DeliveryOptions delivery{true, true, 700, QStringLiteral("Front desk")};
    std::vector<pd::host::HostPhoto> photos;

    Fixture() {
        event.id = QStringLiteral("6f1c2d3e-1111-4222-8333-944455556666");
        event.priceSheet.currency = QStringLiteral("EUR");
        event.priceSheet.products = {{QStringLiteral("Print"), QStringLiteral("4x6"), QStringLiteral("gloss"), 500},
                                     {QStringLiteral("Canvas"), QStringLiteral("20x30"), QString(), 9900},
                                     {QStringLiteral("Digital"), QString(), QString(), 1500}};
        for (int i = 1; i <= 3; ++i) {
            pd::host::HostPhoto p;
            p.id = QString::number(i);
            p.eventId = event.id;
            p.originalWidth = i == 2 ? 3000 : 4000;
            p.originalHeight = i == 2 ? 4000 : 3000;
            p.proofWidth = p.originalWidth / 2;
            p.proofHeight = p.originalHeight / 2;
            photos.push_back(p);
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    static const Fixture f;
    auto order = pd::host::buildGalleryOrder(pd::fuzz::bytes(data, size), f.event, f.delivery, f.photos);
    if (!order.ok()) return 0;
    // An accepted order is priced from the sheet: the total is the items plus shipping.
    qint64 sum = order->shippingCents;
    for (const pd::host::OrderItem& i : order->items) {
        if (i.quantity < 1 || i.quantity > pd::host::kMaxItemQuantity) __builtin_trap();
        sum += i.unitCents * i.quantity;
    }
    if (sum != order->totalCents) __builtin_trap();
    return 0;
}
