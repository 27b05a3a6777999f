// The crop tool ("R", as in Lightroom): one photo's unedited frame with a crop over it, aspect
// presets, quarter turns, flips and straightening. Save hands the new edit list to the caller,
// which stores it as an undoable step; the view itself never writes to the catalog.
#pragma once

#include "pd/core/edit_geometry.h"

#include <QImage>
#include <QThreadPool>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

class QComboBox;
class QKeyEvent;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace pd {
class Catalog;
}

namespace pd::ui {

class CropCanvas;

// GUI thread only. Reads the photo through the GUI thread's catalog connection; the unedited
// picture (the stored preview turned back when its edits are only turns and flips, else the
// original decoded at preview size) is made on the view's own pool, and a result for a photo
// the view has since left is dropped by a generation counter.
//
// Keys while it has the focus: [ and ] turn left and right, X swaps the crop between landscape
// and portrait, Enter (or R again) saves, Esc cancels, Ctrl+Z / Ctrl+Shift+Z step through this
// session's changes (the window's undo stack gets the saved result as one step).
class EditView : public QWidget {
    Q_OBJECT
public:
    explicit EditView(Catalog& catalog, QWidget* parent = nullptr);
    ~EditView() override;

    // Starts a session on the photo with its current edits. False (the view shows why) when
    // the photo cannot be read.
    bool openPhoto(const QString& photoId);
    QString photoId() const { return m_photoId; }
    bool isPictureLoaded() const;

    // The session; each change is one step of the session's own undo.
    void rotate(int quarterTurnsClockwise);
    void flip(FlipAxis axis);
    void setStraighten(double degrees);       // clamped to ±45
    void setAspect(const QString& aspect);    // "" free, "original", "W:H"; the crop takes that shape
    void swapAspectOrientation();             // landscape <-> portrait, about the crop's centre
    // Fractions of the turned frame. Kept to the aspect (trimmed about its centre) and, when
    // straightened, inside the picture, as the core's resolveEdits does.
    void setCrop(const QRectF& unit);
    void reset();                             // back to the original picture
    void undoStep();
    void redoStep();
    void save();                              // saveRequested, or closeRequested when nothing changed
    void cancel();

    EditList edits() const;                   // what Save stores
    EditGeometry geometry() const;            // edits() resolved for this photo
    QString aspect() const { return m_session.aspect; }
    QString printInfo() const;                // the crop's size and the print sizes it fills

    // For tests: the picture area, where the crop is on it, and the unedited picture it shows.
    QWidget* canvas() const;
    QImage picture() const { return m_unedited; }
    QRectF cropRectOnCanvas() const;

signals:
    void saveRequested(const QString& photoId, const pd::EditList& edits);
    void closeRequested();
    void sessionChanged();
    void pictureLoaded();

private:
    struct Session {
        Dihedral transform;
        double straighten = 0;
        QRectF crop{0, 0, 1, 1};   // as asked for: fitted inside the straightened picture on resolve
        QString aspect;
        bool operator==(const Session&) const = default;
    };

    void buildPanel();
    void change(const std::function<void(Session&)>& fn);   // one undo step
    void apply();                                            // session -> canvas and panel
    void updateFrame();
    void syncPanel();
    QSize frameSize() const;
    std::optional<double> aspectRatio() const;               // long / short, none when free
    bool handleKey(QKeyEvent* event);
    static bool isEditKey(const QKeyEvent* event);

    Catalog& m_catalog;
    QString m_photoId;
    QSize m_oriented;             // the photo's EXIF-oriented full-resolution size
    EditList m_original;          // the edits the session started from
    Session m_session;
    std::vector<Session> m_past, m_future;
    bool m_syncing = false;

    QImage m_unedited;            // oriented, unedited, about preview size
    Dihedral m_shownTransform;    // what the canvas's frame was made with
    quint64 m_generation = 0;
    QThreadPool m_pool;

    CropCanvas* m_canvas = nullptr;
    QComboBox* m_aspectBox = nullptr;
    QWidget* m_customRow = nullptr;
    QSpinBox* m_customW = nullptr;
    QSpinBox* m_customH = nullptr;
    QSlider* m_straighten = nullptr;
    QLabel* m_straightenValue = nullptr;
    QLabel* m_printInfo = nullptr;
    QLabel* m_title = nullptr;
};

} // namespace pd::ui
