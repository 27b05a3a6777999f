// The small rules that go with the host's plain records (host_records.h).
#include "pd/host/host_records.h"

namespace pd::host {

bool isOrderStatus(const QString& status) {
    static const QStringList kStatuses = {
        QStringLiteral("placed"),          QStringLiteral("received"),  QStringLiteral("sent_to_lab"),
        QStringLiteral("accepted_by_lab"), QStringLiteral("shipped"),   QStringLiteral("ready"),
        QStringLiteral("completed"),       QStringLiteral("cancelled"),
    };
    return kStatuses.contains(status);
}

} // namespace pd::host
