// The item-data roles every photo model and view in the studio shares.
#pragma once

#include <Qt>

namespace pd::ui {

enum PhotoRole {
    PhotoIdRole = Qt::UserRole + 1, // QString uuid
    EventIdRole,                    // QString uuid
    FilenameRole,                   // QString
    CapturedAtRole,                 // QDateTime (invalid when unknown)
    RatingRole,                     // int 0-5
    FlagRole,                       // int: -1 reject, 0 none, 1 pick
    ColorLabelRole,                 // QString: "", "red", "yellow", "green", "blue", "purple"
    CategoryRole,                   // QString name ("" for none)
    CategoryIdRole,                 // qlonglong (0 for none)
    SelectedRole,                   // bool: selected for the web
    EditedRole,                     // bool: has edits
    PublishStateRole,               // QString: "", "queued", "sending", "published", "modified", "failed"
    PixelSizeRole,                  // QSize: oriented full-resolution size
    ThumbnailRole,                  // QImage, 400 px long edge; null while it loads (Qt::DecorationRole too)
};

} // namespace pd::ui
