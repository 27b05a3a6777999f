// A photo's edits as an ordered list of small, versioned operation records with a JSON form
// ({"op":"rotate","v":1,"turns":1}). Edits never touch the original: renditions, proofs and
// print files are made from the original through these records.
#pragma once

#include "pd/core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <variant>
#include <vector>

namespace pd {

// Quarter turns: +1 is 90 degrees clockwise, -1 counter-clockwise (stored as given, -3..3).
struct RotateOp {
    int turns = 1;
    bool operator==(const RotateOp&) const = default;
};

enum class FlipAxis { Horizontal, Vertical };   // horizontal = mirror left-right

struct FlipOp {
    FlipAxis axis = FlipAxis::Horizontal;
    bool operator==(const FlipOp&) const = default;
};

// Sets the crop (replacing an earlier one). Fractions 0..1 of the frame the operation sees: the
// EXIF-oriented image after the turns and flips listed before it (with none before, simply the
// oriented image). `aspect` is the ratio the crop was drawn with: "" or "free", "original", or
// "W:H" ("1:1", "2:3", "5:7", "4:5", "16:9", any custom pair). A ratio aspect is kept when the
// list is pasted onto a photo of another shape.
struct CropOp {
    double x = 0;
    double y = 0;
    double width = 1;
    double height = 1;
    QString aspect;
    bool operator==(const CropOp&) const = default;
};

// Sets the straighten angle (absolute, not added): degrees clockwise, -45..45, about the
// centre. The crop is kept inside the turned picture (see resolveEdits).
struct StraightenOp {
    double degrees = 0;
    bool operator==(const StraightenOp&) const = default;
};

using EditOperation = std::variant<RotateOp, FlipOp, CropOp, StraightenOp>;
using EditList = std::vector<EditOperation>;

// The record format version this program writes and the newest it reads.
inline constexpr int kEditOperationVersion = 1;
inline constexpr double kMaxStraightenDegrees = 45.0;

// InvalidArgument with a message a person can act on when the operation cannot be applied
// (a crop outside 0..1 or of zero size, an angle over 45 degrees, zero turns, a bad aspect).
Status validateEditOperation(const EditOperation& op);

QJsonObject editOperationToJson(const EditOperation& op);
// Errors: InvalidArgument for a malformed record; UnsupportedFormat for an unknown "op" or a
// "v" newer than kEditOperationVersion (edits made by a newer Proofdesk).
Result<EditOperation> editOperationFromJson(const QJsonObject& o);

QJsonArray editListToJson(const EditList& edits);
Result<EditList> editListFromJson(const QJsonArray& a);
// Compact JSON text, as the catalog stores it ("[]" for no edits).
QString editListToText(const EditList& edits);
Result<EditList> editListFromText(const QString& json);

// A short human description: "rotate cw", "flip h", "crop 0.1 0.1 0.8 0.8 (2:3)", "straighten 1.5".
QString describeEditOperation(const EditOperation& op);

} // namespace pd
