// The crop tool: the session's state, the side panel, the keys, and the unedited picture.
#include "pd/ui/edit_view.h"

#include "crop_canvas.h"
#include "edit_jobs.h"

#include "pd/db/catalog.h"

#include <QComboBox>
#include <QFuture>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace pd::ui {

namespace {

constexpr int kCustomIndex = -1;   // the aspect box's "Custom" item has this as data

// Forwards key events of the view and its canvas to a handler.
class KeyHook : public QObject {
public:
    KeyHook(QObject* parent, std::function<bool(QEvent*)> handler) : QObject(parent), m_handler(std::move(handler)) {}
    bool eventFilter(QObject*, QEvent* event) override { return m_handler(event); }

private:
    std::function<bool(QEvent*)> m_handler;
};

// The largest width x height (fractions of a frame of `frame` px) of the shape w/h = `wOverH`.
QSizeF largestOfShape(QSizeF frame, double wOverH) {
    double w = frame.width(), h = frame.height();
    if (w / h > wOverH) w = h * wOverH;
    else h = w / wOverH;
    return {w / frame.width(), h / frame.height()};
}

// A rectangle of `size` (fractions) centred on `centre`, moved inside the unit square.
QRectF placeInside(QPointF centre, QSizeF size) {
    const double w = std::min(1.0, size.width()), h = std::min(1.0, size.height());
    const double x = std::clamp(centre.x() - w / 2, 0.0, 1.0 - w), y = std::clamp(centre.y() - h / 2, 0.0, 1.0 - h);
    return {x, y, w, h};
}

bool sameGeometry(const EditGeometry& a, const EditGeometry& b) {
    auto near = [](double x, double y) { return std::abs(x - y) < 1e-6; };
    if (!(a.transform == b.transform) || !near(a.straighten, b.straighten)) return false;
    if (!near(a.crop.x(), b.crop.x()) || !near(a.crop.y(), b.crop.y()) || !near(a.crop.width(), b.crop.width()) ||
        !near(a.crop.height(), b.crop.height()))
        return false;
    // The aspect matters only for a crop: it is what a paste keeps.
    return a.isFullFrame() || a.cropAspect == b.cropAspect;
}

QToolButton* toolButton(const QString& text, const QString& tip, const QString& name) {
    auto* b = new QToolButton;
    b->setText(text);
    b->setToolTip(tip);
    b->setObjectName(name);
    b->setFocusPolicy(Qt::NoFocus);   // keys stay with the picture
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return b;
}

} // namespace

EditView::EditView(Catalog& catalog, QWidget* parent) : QWidget(parent), m_catalog(catalog) {
    m_pool.setMaxThreadCount(1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_canvas = new CropCanvas;
    m_canvas->setObjectName(QStringLiteral("cropCanvas"));
    layout->addWidget(m_canvas, 1);
    setFocusProxy(m_canvas);
    buildPanel();

    connect(m_canvas, &CropCanvas::dragStarted, this, [this] {
        m_past.push_back(m_session);
        m_future.clear();
    });
    connect(m_canvas, &CropCanvas::cropRequested, this, [this](const QRectF& unit, bool finished) {
        (void)finished;   // every step of a drag shows at once; the undo step was taken at the press
        m_session.crop = unit;
        apply();
    });

    auto* hook = new KeyHook(this, [this](QEvent* event) {
        if (event->type() == QEvent::ShortcutOverride && isEditKey(static_cast<QKeyEvent*>(event))) {
            event->accept();   // the view's keys win over the window's shortcuts (X is Reject there)
            return true;
        }
        if (event->type() == QEvent::KeyPress) return handleKey(static_cast<QKeyEvent*>(event));
        return false;
    });
    installEventFilter(hook);
    m_canvas->installEventFilter(hook);
    apply();
}

EditView::~EditView() {
    m_pool.clear();
    m_pool.waitForDone();
}

void EditView::buildPanel() {
    auto* panel = new QWidget;
    panel->setObjectName(QStringLiteral("editPanel"));
    panel->setFixedWidth(250);
    auto* v = new QVBoxLayout(panel);
    v->setContentsMargins(12, 12, 12, 12);
    v->setSpacing(8);

    m_title = new QLabel(tr("Crop & straighten"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    v->addWidget(m_title);

    v->addWidget(new QLabel(tr("Aspect")));
    m_aspectBox = new QComboBox;
    m_aspectBox->setObjectName(QStringLiteral("cropAspect"));
    m_aspectBox->setFocusPolicy(Qt::NoFocus);
    for (size_t i = 0; i < cropAspectPresets().size(); ++i) m_aspectBox->addItem(cropAspectPresets()[i].label, int(i));
    m_aspectBox->addItem(tr("Custom"), kCustomIndex);
    auto* aspectRow = new QHBoxLayout;
    aspectRow->addWidget(m_aspectBox, 1);
    auto* swap = toolButton(QStringLiteral("⇄"), tr("Swap landscape and portrait (X)"), QStringLiteral("swapAspect"));
    swap->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    aspectRow->addWidget(swap);
    v->addLayout(aspectRow);

    m_customRow = new QWidget;
    auto* custom = new QHBoxLayout(m_customRow);
    custom->setContentsMargins(0, 0, 0, 0);
    m_customW = new QSpinBox;
    m_customH = new QSpinBox;
    for (QSpinBox* s : {m_customW, m_customH}) {
        s->setRange(1, 100);
        s->setFocusPolicy(Qt::ClickFocus);
    }
    m_customW->setObjectName(QStringLiteral("customAspectW"));
    m_customH->setObjectName(QStringLiteral("customAspectH"));
    m_customW->setValue(3);
    m_customH->setValue(2);
    custom->addWidget(m_customW, 1);
    custom->addWidget(new QLabel(QStringLiteral(":")));
    custom->addWidget(m_customH, 1);
    v->addWidget(m_customRow);
    m_customRow->hide();

    v->addSpacing(6);
    v->addWidget(new QLabel(tr("Rotate and flip")));
    auto* turns = new QGridLayout;
    auto* left = toolButton(tr("↺ Left  ["), tr("Rotate 90° counter-clockwise ([)"), QStringLiteral("rotateLeft"));
    auto* right = toolButton(tr("↻ Right  ]"), tr("Rotate 90° clockwise (])"), QStringLiteral("rotateRight"));
    auto* flipH = toolButton(tr("⇆ Flip H"), tr("Mirror left to right"), QStringLiteral("flipHorizontal"));
    auto* flipV = toolButton(tr("⇅ Flip V"), tr("Mirror top to bottom"), QStringLiteral("flipVertical"));
    turns->addWidget(left, 0, 0);
    turns->addWidget(right, 0, 1);
    turns->addWidget(flipH, 1, 0);
    turns->addWidget(flipV, 1, 1);
    v->addLayout(turns);

    v->addSpacing(6);
    auto* straightenHead = new QHBoxLayout;
    straightenHead->addWidget(new QLabel(tr("Straighten")));
    straightenHead->addStretch(1);
    m_straightenValue = new QLabel;
    m_straightenValue->setObjectName(QStringLiteral("straightenValue"));
    straightenHead->addWidget(m_straightenValue);
    v->addLayout(straightenHead);
    m_straighten = new QSlider(Qt::Horizontal);
    m_straighten->setObjectName(QStringLiteral("straighten"));
    m_straighten->setRange(int(-kMaxStraightenDegrees * 10), int(kMaxStraightenDegrees * 10));
    m_straighten->setFocusPolicy(Qt::NoFocus);
    m_straighten->setToolTip(tr("Degrees clockwise; the crop stays inside the picture"));
    v->addWidget(m_straighten);

    v->addSpacing(6);
    m_printInfo = new QLabel;
    m_printInfo->setObjectName(QStringLiteral("printInfo"));
    m_printInfo->setWordWrap(true);
    m_printInfo->setTextFormat(Qt::PlainText);
    v->addWidget(m_printInfo);
    v->addStretch(1);

    auto* keys = new QLabel(tr("Enter saves, Esc cancels. [ and ] turn, X swaps landscape and portrait."));
    keys->setWordWrap(true);
    keys->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(keys);

    auto* reset = new QPushButton(tr("Reset"));
    reset->setObjectName(QStringLiteral("resetEdits"));
    reset->setToolTip(tr("Back to the picture as it was taken"));
    v->addWidget(reset);
    auto* buttons = new QHBoxLayout;
    auto* cancel = new QPushButton(tr("Cancel"));
    cancel->setObjectName(QStringLiteral("cancelEdits"));
    cancel->setToolTip(tr("Leave without saving (Esc)"));
    auto* save = new QPushButton(tr("Save"));
    save->setObjectName(QStringLiteral("saveEdits"));
    save->setToolTip(tr("Store the edits; the thumbnail follows (Enter)"));
    save->setDefault(true);
    buttons->addWidget(cancel);
    buttons->addWidget(save);
    v->addLayout(buttons);
    for (QPushButton* b : {reset, cancel, save}) b->setFocusPolicy(Qt::NoFocus);

    layout()->addWidget(panel);

    connect(m_aspectBox, &QComboBox::activated, this, [this](int index) {
        const int preset = m_aspectBox->itemData(index).toInt();
        if (preset == kCustomIndex) {
            m_customRow->show();
            setAspect(QStringLiteral("%1:%2").arg(m_customW->value()).arg(m_customH->value()));
        } else {
            m_customRow->hide();
            setAspect(cropAspectPresets()[size_t(preset)].aspect);
        }
    });
    for (QSpinBox* s : {m_customW, m_customH})
        connect(s, &QSpinBox::valueChanged, this, [this] {
            if (!m_syncing) setAspect(QStringLiteral("%1:%2").arg(m_customW->value()).arg(m_customH->value()));
        });
    connect(swap, &QToolButton::clicked, this, [this] { swapAspectOrientation(); });
    connect(left, &QToolButton::clicked, this, [this] { rotate(-1); });
    connect(right, &QToolButton::clicked, this, [this] { rotate(1); });
    connect(flipH, &QToolButton::clicked, this, [this] { flip(FlipAxis::Horizontal); });
    connect(flipV, &QToolButton::clicked, this, [this] { flip(FlipAxis::Vertical); });
    connect(m_straighten, &QSlider::sliderPressed, this, [this] {
        m_past.push_back(m_session);
        m_future.clear();
    });
    connect(m_straighten, &QSlider::valueChanged, this, [this](int tenths) {
        if (m_syncing) return;
        if (m_straighten->isSliderDown()) {
            m_session.straighten = tenths / 10.0;
            apply();
        } else {
            setStraighten(tenths / 10.0);
        }
    });
    connect(reset, &QPushButton::clicked, this, [this] { this->reset(); });
    connect(cancel, &QPushButton::clicked, this, [this] { this->cancel(); });
    connect(save, &QPushButton::clicked, this, [this] { this->save(); });
}

bool EditView::openPhoto(const QString& photoId) {
    ++m_generation;
    m_photoId.clear();
    m_unedited = QImage();
    m_past.clear();
    m_future.clear();
    m_canvas->setPicture(QImage());
    auto found = m_catalog.findPhoto(photoId);
    if (!found.ok() || !found.value()) {
        m_canvas->setMessage(found.ok() ? tr("The photo is no longer in the catalog.")
                                        : tr("The photo cannot be read: %1").arg(found.error().toString()));
        return false;
    }
    const PhotoRecord& p = *found.value();
    m_photoId = p.id;
    m_oriented = QSize(p.width, p.height);
    m_original = p.edits;

    // The session starts from the stored edits: the crop as it was asked for (before it was
    // fitted inside a straightened picture), so straightening back gives it all back.
    EditList withoutStraighten;
    for (const EditOperation& op : p.edits)
        if (!std::holds_alternative<StraightenOp>(op)) withoutStraighten.push_back(op);
    const EditGeometry asked = resolveEdits(withoutStraighten, m_oriented);
    const EditGeometry stored = resolveEdits(p.edits, m_oriented);
    m_session = Session{asked.transform, stored.straighten, asked.crop, asked.cropAspect};
    m_title->setText(tr("Crop & straighten\n%1").arg(p.filename));

    editing::UneditedPictureJob job;
    job.photoId = p.id;
    job.generation = m_generation;
    job.orientation = p.meta.orientation >= 1 && p.meta.orientation <= 8 ? p.meta.orientation : 1;
    job.vaultPath = m_catalog.vaultPath(p.eventId);
    job.sha256 = p.sha256;
    // The stored preview shows the edits: usable only when it is current and they can be undone
    // exactly (turns and flips); a crop or a straighten has thrown pixels away.
    if (stored.isFullFrame() && stored.straighten == 0) {
        auto preview = m_catalog.rendition(p.id, QStringLiteral("preview"));
        if (preview.ok() && preview.value() && preview.value()->editVersion == p.editVersion) {
            job.previewJpeg = preview.value()->jpeg;
            job.undo = stored.transform.inverted();
        }
    }
    m_canvas->setMessage(job.previewJpeg.isEmpty() ? tr("Reading the original…") : tr("Loading…"));
    QtConcurrent::run(&m_pool, &editing::loadUneditedPicture, job).then(this, [this](const editing::UneditedPictureResult& r) {
        if (r.generation != m_generation) return;   // the view has moved on
        if (r.picture.isNull()) {
            m_canvas->setMessage(tr("The picture cannot be shown: %1").arg(r.error));
            return;
        }
        m_unedited = r.picture;
        updateFrame();
        emit pictureLoaded();
    });
    apply();
    return true;
}

bool EditView::isPictureLoaded() const { return !m_unedited.isNull(); }

QWidget* EditView::canvas() const { return m_canvas; }

QRectF EditView::cropRectOnCanvas() const { return m_canvas->cropRect(); }

QSize EditView::frameSize() const { return m_session.transform.map(m_oriented); }

std::optional<double> EditView::aspectRatio() const {
    const auto r = cropAspectRatio(m_session.aspect, m_oriented);
    if (r && *r > 0) return r;
    return std::nullopt;
}

void EditView::change(const std::function<void(Session&)>& fn) {
    if (m_photoId.isEmpty()) return;
    Session next = m_session;
    fn(next);
    if (next == m_session) return;
    m_past.push_back(m_session);
    m_future.clear();
    m_session = next;
    apply();
}

void EditView::rotate(int quarterTurnsClockwise) {
    change([&](Session& s) {
        const Dihedral d = Dihedral::rotation(quarterTurnsClockwise);
        s.transform = s.transform.then(d);
        s.crop = d.mapUnit(s.crop);
    });
}

void EditView::flip(FlipAxis axis) {
    change([&](Session& s) {
        const Dihedral d = Dihedral::flip(axis);
        s.transform = s.transform.then(d);
        s.crop = d.mapUnit(s.crop);
        s.straighten = -s.straighten;   // a mirrored tilt tilts the other way
    });
}

void EditView::setStraighten(double degrees) {
    change([&](Session& s) { s.straighten = std::clamp(degrees, -kMaxStraightenDegrees, kMaxStraightenDegrees); });
}

void EditView::setAspect(const QString& aspect) {
    change([&](Session& s) {
        s.aspect = aspect;
        const auto ratio = cropAspectRatio(aspect, m_oriented);
        if (!ratio || *ratio <= 0) return;   // free: the crop stays as it is
        // The largest crop of that shape, landscape or portrait as the crop is now, about its centre.
        const QSizeF frame(frameSize());
        const QRectF shown = resolveEdits(edits(), m_oriented).crop;
        const bool landscape = shown.width() * frame.width() >= shown.height() * frame.height();
        s.crop = placeInside(shown.center(), largestOfShape(frame, landscape ? *ratio : 1.0 / *ratio));
    });
}

void EditView::swapAspectOrientation() {
    change([&](Session& s) {
        // The crop's size turned (its pixels' width becomes its height), shrunk to fit, same centre.
        const QSizeF frame(frameSize());
        const QRectF shown = geometry().crop;
        double w = shown.height() * frame.height(), h = shown.width() * frame.width();
        const double k = std::min({1.0, frame.width() / w, frame.height() / h});
        w *= k;
        h *= k;
        s.crop = placeInside(shown.center(), QSizeF(w / frame.width(), h / frame.height()));
    });
}

void EditView::setCrop(const QRectF& unit) {
    change([&](Session& s) { s.crop = unit.normalized() & QRectF(0, 0, 1, 1); });
}

void EditView::reset() {
    change([](Session& s) { s = Session(); });
}

void EditView::undoStep() {
    if (m_past.empty()) return;
    m_future.push_back(m_session);
    m_session = m_past.back();
    m_past.pop_back();
    apply();
}

void EditView::redoStep() {
    if (m_future.empty()) return;
    m_past.push_back(m_session);
    m_session = m_future.back();
    m_future.pop_back();
    apply();
}

void EditView::save() {
    if (m_photoId.isEmpty()) return emit closeRequested();
    if (sameGeometry(geometry(), resolveEdits(m_original, m_oriented))) return emit closeRequested();
    emit saveRequested(m_photoId, edits());
}

void EditView::cancel() { emit closeRequested(); }

EditList EditView::edits() const {
    // One record per kind, in the order resolveEdits reads them: the flip first (a Dihedral
    // mirrors before it turns), the turns, the angle, then the crop of the turned frame.
    EditList out;
    const Session& s = m_session;
    if (s.transform.mirror) out.push_back(FlipOp{FlipAxis::Horizontal});
    if (s.transform.turns != 0) out.push_back(RotateOp{s.transform.turns == 3 ? -1 : s.transform.turns});
    if (s.straighten != 0) out.push_back(StraightenOp{s.straighten});
    EditGeometry full;
    full.crop = s.crop;
    if (!full.isFullFrame()) out.push_back(CropOp{s.crop.x(), s.crop.y(), s.crop.width(), s.crop.height(), s.aspect});
    return out;
}

EditGeometry EditView::geometry() const { return resolveEdits(edits(), m_oriented); }

QString EditView::printInfo() const {
    if (m_photoId.isEmpty()) return {};
    const QSize px = geometry().outputSize(m_oriented);
    QStringList lines{tr("%1 × %2 px").arg(px.width()).arg(px.height())};
    const auto fits = editing::printFits(px);
    if (fits.empty()) {
        lines << tr("No usual print shape");
        return lines.join(QLatin1Char('\n'));
    }
    QStringList sizes, low;
    for (const auto& f : fits) {
        sizes << f.size;
        if (!f.enoughPixels)
            low << tr("Too few pixels for %1 at %2 ppi (%3 ppi)").arg(f.size).arg(editing::kMinPrintPpi).arg(int(f.ppi));
    }
    lines << tr("Fills %1").arg(sizes.join(QStringLiteral(", ")));
    lines << low;
    return lines.join(QLatin1Char('\n'));
}

void EditView::apply() {
    const EditGeometry g = geometry();
    if (!m_unedited.isNull()) updateFrame();
    m_canvas->setStraighten(g.straighten);
    m_canvas->setCrop(g.crop);
    // Drags keep the aspect's shape in the crop's present orientation.
    double wOverH = 0;
    if (const auto ratio = aspectRatio()) {
        const QSizeF frame(frameSize());
        const bool landscape = g.crop.width() * frame.width() >= g.crop.height() * frame.height();
        wOverH = landscape ? *ratio : 1.0 / *ratio;
    }
    m_canvas->setAspect(wOverH);
    syncPanel();
    emit sessionChanged();
}

void EditView::updateFrame() {
    // The frame is made again only when the turns or flips change, not on every crop drag.
    if (m_unedited.isNull() || (m_canvas->hasPicture() && m_shownTransform == m_session.transform)) return;
    m_shownTransform = m_session.transform;
    m_canvas->setPicture(m_session.transform.apply(m_unedited));
}

void EditView::syncPanel() {
    m_syncing = true;
    int index = -1;
    for (size_t i = 0; i < cropAspectPresets().size(); ++i)
        if (cropAspectPresets()[i].aspect == m_session.aspect || (m_session.aspect == QLatin1String("free") && i == 0)) index = int(i);
    m_customRow->setVisible(index < 0);
    if (index < 0) {
        index = m_aspectBox->count() - 1;   // any other W:H
        const QStringList parts = m_session.aspect.split(QRegularExpression(QStringLiteral("[:xX]")));
        if (parts.size() == 2) {
            m_customW->setValue(qRound(parts[0].toDouble()));
            m_customH->setValue(qRound(parts[1].toDouble()));
        }
    }
    m_aspectBox->setCurrentIndex(index);
    m_straighten->setValue(int(std::lround(m_session.straighten * 10)));
    m_straightenValue->setText(QStringLiteral("%1°").arg(m_session.straighten, 0, 'f', 1));
    m_printInfo->setText(printInfo());
    m_syncing = false;
}

bool EditView::isEditKey(const QKeyEvent* event) {
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (event->key() == Qt::Key_Z && (mods == Qt::ControlModifier || mods == (Qt::ControlModifier | Qt::ShiftModifier))) return true;
    if (mods != Qt::NoModifier) return false;
    switch (event->key()) {
    case Qt::Key_Escape:
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_BracketLeft:
    case Qt::Key_BracketRight:
    case Qt::Key_X:
    case Qt::Key_R:
        return true;
    default:
        return false;
    }
}

bool EditView::handleKey(QKeyEvent* event) {
    if (!isEditKey(event)) return false;
    switch (event->key()) {
    case Qt::Key_Escape: cancel(); break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_R: save(); break;
    case Qt::Key_BracketLeft: rotate(-1); break;
    case Qt::Key_BracketRight: rotate(1); break;
    case Qt::Key_X: swapAspectOrientation(); break;
    case Qt::Key_Z:
        if (event->modifiers() & Qt::ShiftModifier) redoStep();
        else undoStep();
        break;
    default: return false;
    }
    return true;
}

} // namespace pd::ui
