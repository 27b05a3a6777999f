// One HTTP transfer the uploader is asked to make: method, URL, token, headers, body, and the
// statuses that mean it worked. A plain value; copy it freely between threads.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace pd::upload {

struct TransferRequest {
    QByteArray method = "PUT";    // PUT, POST, DELETE, GET...
    QString url;                  // absolute http:// or https:// URL
    QByteArray bearerToken;       // sent as "Authorization: Bearer ..."; never appears in a message
    QList<QByteArray> headers;    // extra "Name: value" lines, e.g. "Content-Type: image/jpeg"

    // The body: `body`, unless `bodyReader` is set, in which case the engine asks it for up to
    // `maxBytes` bytes at `offset` (on the engine thread; it must be quick, e.g. a file read, and
    // return exactly min(maxBytes, bodySize - offset) bytes, or fewer to fail the transfer: that
    // is reported as Rejected). Each attempt reads the body from offset 0 again.
    QByteArray body;
    std::function<QByteArray(qint64 offset, qint64 maxBytes)> bodyReader;
    qint64 bodySize = 0;          // with bodyReader only

    QList<int> okStatuses;        // statuses that mean success; empty: any 2xx

    qint64 size() const { return bodyReader ? bodySize : body.size(); }
};

} // namespace pd::upload
