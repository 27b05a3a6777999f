// The loupe: wires the picture area, the filmstrip and the info line to the model, the catalog
// and the background decodes.
#include "pd/ui/loupe_view.h"

#include "filmstrip_delegate.h"
#include "loupe_canvas.h"
#include "loupe_jobs.h"

#include "pd/db/catalog.h"
#include "pd/ui/models/photo_roles.h"

#include <QAbstractItemModel>
#include <QCache>
#include <QFutureWatcher>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QScrollBar>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace pd::ui {

namespace {

// Whole previews (2048 px, about 11 MB each as RGB32) of the photos around the current one, so
// that the next and previous ones show at once.
constexpr qsizetype kPreviewCacheBytes = 96ll * 1024 * 1024;
// Decoded around the visible part at 100 %, so that short pans need no new decode.
constexpr int kRegionMargin = 256;
// Coalesces resizes and pans before asking the workers for new pixels.
constexpr int kViewSettleMs = 30;

struct CachedPreview {
    QImage preview; // RGB32
    QImage fitted;  // RGB32, for the fit size it was made for
};

// Forwards the LoupeView's own events to a handler: the public header declares no overrides.
class EventHook : public QObject {
public:
    EventHook(QObject* parent, std::function<bool(QEvent*)> handler) : QObject(parent), m_handler(std::move(handler)) {}
    bool eventFilter(QObject*, QEvent* event) override { return m_handler(event); }

private:
    std::function<bool(QEvent*)> m_handler;
};

// Filled stars in gold, the rest dim: the rating reads at a glance. Rich text for the info line.
QString stars(int rating) {
    rating = std::clamp(rating, 0, 5);
    return QStringLiteral("<span style='color:#f0c040'>%1</span><span style='color:#6a6a6a'>%2</span>")
        .arg(QString(rating, QChar(0x2605)), QString(5 - rating, QChar(0x2606)));
}

} // namespace

struct LoupeView::Private {
    LoupeView* q;
    QString catalogDir;
    std::unique_ptr<Catalog> catalog; // the GUI thread's connection
    QString catalogError;
    QPointer<QAbstractItemModel> model;
    QPersistentModelIndex current;

    LoupeCanvas* canvas = nullptr;
    QLabel* info = nullptr;
    QListView* filmstrip = nullptr;

    // The photo on show, from the catalog.
    struct Shown {
        QString id, eventId, sha256, filename;
        QSize size; // oriented full resolution
        int orientation = 1;
        bool edited = false; // the preview shows edits the original's pixels lack
    } shown;
    QString note; // why the last request could not be met, for the info line

    QCache<QString, CachedPreview> previews{kPreviewCacheBytes};
    QSet<QString> previewsLoading;
    quint64 fitGeneration = 0;

    // The current photo's original, kept for the next region while panning.
    QString originalPhotoId;
    QByteArray original;
    quint64 regionGeneration = 0;
    std::shared_ptr<std::atomic<quint64>> wantedRegion = std::make_shared<std::atomic<quint64>>(0);
    QRect pendingRegion; // being decoded for the current photo
    QString regionError;

    QThreadPool previewPool; // preview decodes and fits: two at a time
    QThreadPool regionPool;  // original region decodes: one at a time, the newest wins
    QTimer viewTimer;
    QObject* keyHook = nullptr;
    int removedRow = -1;
    bool syncingFilmstrip = false;

    explicit Private(LoupeView* view) : q(view) {}

    void showCurrent();
    void clearShown();
    void syncFilmstrip();
    void updateInfo();
    void requestPreview(const QString& photoId, const QByteArray& jpeg, QSize fitSize);
    void loadPreviewOf(const QModelIndex& index, bool forShow);
    void onPreviewLoaded(const loupe::PreviewResult& result, QSize fitSize);
    void requestFit();
    void requestRegion();
    void onRegionDecoded(const loupe::RegionResult& result);
    void onViewChanged();
    void prefetchNeighbours();
    void step(int delta);
    bool handleKey(QKeyEvent* event);
    static bool isLoupeKey(const QKeyEvent* event);
};

LoupeView::LoupeView(const QString& catalogDir, QAbstractItemModel* photos, QWidget* parent)
    : QWidget(parent), d(new Private(this)) {
    d->catalogDir = catalogDir;
    d->model = photos;
    Result<std::unique_ptr<Catalog>> opened = Catalog::open(catalogDir);
    if (opened.ok())
        d->catalog = std::move(opened).value();
    else
        d->catalogError = opened.error().toString();

    d->previewPool.setMaxThreadCount(2);
    d->regionPool.setMaxThreadCount(1);
    d->viewTimer.setSingleShot(true);
    d->viewTimer.setInterval(kViewSettleMs);
    connect(&d->viewTimer, &QTimer::timeout, this, [this] { d->onViewChanged(); });

    setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    d->canvas = new LoupeCanvas(this);
    d->canvas->setObjectName(QStringLiteral("loupeCanvas"));
    layout->addWidget(d->canvas, 1);

    d->info = new QLabel(this);
    d->info->setObjectName(QStringLiteral("loupeInfo"));
    d->info->setTextFormat(Qt::RichText);
    d->info->setContentsMargins(10, 3, 10, 3);
    d->info->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(d->info);

    d->filmstrip = new QListView(this);
    d->filmstrip->setObjectName(QStringLiteral("loupeFilmstrip"));
    d->filmstrip->setFlow(QListView::LeftToRight);
    d->filmstrip->setWrapping(false);
    d->filmstrip->setUniformItemSizes(true);
    d->filmstrip->setMovement(QListView::Static);
    d->filmstrip->setSelectionMode(QAbstractItemView::SingleSelection);
    d->filmstrip->setEditTriggers(QAbstractItemView::NoEditTriggers);
    d->filmstrip->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    d->filmstrip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    d->filmstrip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    d->filmstrip->setFocusPolicy(Qt::NoFocus); // keys stay with the loupe
    d->filmstrip->setFrameShape(QFrame::NoFrame);
    d->filmstrip->setItemDelegate(new FilmstripDelegate(d->filmstrip));
    d->filmstrip->setFixedHeight(FilmstripDelegate::kCell + d->filmstrip->horizontalScrollBar()->sizeHint().height());
    layout->addWidget(d->filmstrip);

    if (!d->catalogError.isEmpty()) d->canvas->setMessage(tr("The catalog cannot be opened: %1").arg(d->catalogError));

    connect(d->canvas, &LoupeCanvas::viewChanged, this, [this] { d->viewTimer.start(); });
    connect(d->canvas, &LoupeCanvas::zoomUnavailable, this, [this] {
        if (d->shown.id.isEmpty()) return;
        d->note =
            d->shown.edited ? tr("100 % is not available for edited photos yet") : tr("100 % needs the photo's size");
        d->updateInfo();
    });
    connect(d->canvas, &LoupeCanvas::zoomChanged, this, [this] {
        d->updateInfo();
        d->onViewChanged(); // the first region at once, not after the settle delay
    });

    d->keyHook = new EventHook(this, [this](QEvent* event) {
        switch (event->type()) {
        case QEvent::ShortcutOverride:
            // The loupe's keys win over window shortcuts while it has the focus.
            if (Private::isLoupeKey(static_cast<QKeyEvent*>(event))) {
                event->accept();
                return true;
            }
            return false;
        case QEvent::KeyPress:
            return d->handleKey(static_cast<QKeyEvent*>(event));
        case QEvent::Show:
            setFocus();
            return false;
        default:
            return false;
        }
    });
    installEventFilter(d->keyHook);

    if (!photos) return;
    d->filmstrip->setModel(photos);
    connect(d->filmstrip->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& index) {
                if (!d->syncingFilmstrip && index.isValid()) setCurrentIndex(index);
            });
    connect(photos, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
                if (!d->current.isValid() || d->current.row() < topLeft.row() || d->current.row() > bottomRight.row())
                    return;
                if (roles.isEmpty() || roles.contains(ThumbnailRole))
                    d->canvas->setThumbnail(d->shown.id, d->current.data(ThumbnailRole).value<QImage>());
                d->updateInfo();
            });
    connect(photos, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex& parent, int first, int last) {
                if (!parent.isValid() && d->current.isValid() && d->current.row() >= first && d->current.row() <= last)
                    d->removedRow = first;
            });
    connect(photos, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (d->removedRow < 0) return d->updateInfo();
        // The photo on show went away (deleted, filtered out): show the one that took its place.
        const int rows = d->model->rowCount();
        const int row = std::min(d->removedRow, rows - 1);
        d->removedRow = -1;
        d->current = QPersistentModelIndex();
        if (row >= 0)
            setCurrentIndex(d->model->index(row, 0));
        else {
            d->clearShown();
            emit currentIndexChanged(QModelIndex());
        }
    });
    connect(photos, &QAbstractItemModel::rowsInserted, this, [this] { d->updateInfo(); });
    connect(photos, &QAbstractItemModel::layoutChanged, this, [this] {
        d->syncFilmstrip();
        d->updateInfo();
    });
    connect(photos, &QAbstractItemModel::modelReset, this, [this] {
        // Find the same photo again by id; else start at the first.
        const QString id = d->shown.id;
        d->current = QPersistentModelIndex();
        QModelIndex again;
        if (!id.isEmpty() && d->model->rowCount() > 0) {
            const QModelIndexList hits = d->model->match(d->model->index(0, 0), PhotoIdRole, id, 1, Qt::MatchExactly);
            if (!hits.isEmpty()) again = hits.first();
        }
        if (!again.isValid() && d->model->rowCount() > 0) again = d->model->index(0, 0);
        if (again.isValid())
            setCurrentIndex(again);
        else {
            d->clearShown();
            emit currentIndexChanged(QModelIndex());
        }
    });
}

LoupeView::~LoupeView() {
    removeEventFilter(d->keyHook); // no key or show handling while the parts go away
    // Queued work is dropped, running work finishes (it holds only copies); nothing it returns
    // is delivered, because the watchers go with this widget.
    d->wantedRegion->store(~quint64(0));
    d->previewPool.clear();
    d->regionPool.clear();
    d->previewPool.waitForDone();
    d->regionPool.waitForDone();
    delete d;
}

QModelIndex LoupeView::currentIndex() const {
    return d->current;
}

bool LoupeView::isZoomed() const {
    return d->canvas->isZoomed();
}

void LoupeView::setZoomed(bool hundredPercent) {
    d->canvas->setZoomed(hundredPercent);
}

void LoupeView::reloadPhoto(const QString& photoId) {
    d->previews.remove(photoId);
    if (photoId == d->shown.id && d->current.isValid()) d->showCurrent();
}

void LoupeView::setCurrentIndex(const QModelIndex& index) {
    if (!d->model || !index.isValid() || index.model() != d->model) return;
    const QModelIndex first = index.siblingAtColumn(0);
    if (first == QModelIndex(d->current)) return;
    d->current = first;
    d->showCurrent();
    d->syncFilmstrip();
    d->updateInfo();
    emit currentIndexChanged(first);
}

void LoupeView::Private::clearShown() {
    shown = Shown();
    canvas->setPhoto(QString(), QSize());
    ++regionGeneration;
    wantedRegion->store(regionGeneration);
    pendingRegion = QRect();
    updateInfo();
}

void LoupeView::Private::showCurrent() {
    const QString id = current.data(PhotoIdRole).toString();
    shown = Shown();
    shown.id = id;
    shown.eventId = current.data(EventIdRole).toString();
    shown.filename = current.data(FilenameRole).toString();
    shown.size = current.data(PixelSizeRole).toSize();
    regionError.clear();
    if (catalog) {
        // One indexed row: the original's hash and orientation for 100 %, the sizes for the fit.
        Result<std::optional<PhotoRecord>> record = catalog->findPhoto(id);
        if (record.ok() && record.value()) {
            const PhotoRecord& p = *record.value();
            shown.eventId = p.eventId;
            shown.sha256 = p.sha256;
            shown.filename = p.filename;
            shown.size = QSize(p.width, p.height);
            shown.orientation = p.meta.orientation;
            shown.edited = !p.edits.empty();
        }
    }
    shown.edited = shown.edited || current.data(EditedRole).toBool();
    note.clear();
    // A region still decoding for the previous photo is of no use now.
    ++regionGeneration;
    wantedRegion->store(regionGeneration);
    pendingRegion = QRect();

    // 100 % of an edited photo would have to go through its crop, turns and straightening; until
    // it does, the loupe fits the (edited) preview and offers no 100 % rather than show the
    // unedited original under an edited frame.
    canvas->setPhoto(id, shown.edited ? QSize() : shown.size);
    canvas->setThumbnail(id, current.data(ThumbnailRole).value<QImage>());
    if (!catalogError.isEmpty()) canvas->setMessage(tr("The catalog cannot be opened: %1").arg(catalogError));
    if (const CachedPreview* cached = previews.object(id)) {
        canvas->setPreview(id, cached->preview);
        if (cached->fitted.size() == canvas->fitDeviceSize())
            canvas->setFitted(id, cached->fitted);
        else
            requestFit();
    } else {
        loadPreviewOf(current, true);
    }
    if (canvas->isZoomed()) requestRegion();
    QTimer::singleShot(0, q, [this] { prefetchNeighbours(); });
}

void LoupeView::Private::loadPreviewOf(const QModelIndex& index, bool forShow) {
    const QString id = index.data(PhotoIdRole).toString();
    if (id.isEmpty() || !catalog || previews.contains(id) || previewsLoading.contains(id)) return;
    // The blob read is one indexed row on the GUI thread's own connection; the decode is not here.
    Result<std::optional<Rendition>> rendition = catalog->rendition(id, QStringLiteral("preview"));
    if (!rendition.ok() || !rendition.value()) {
        if (forShow)
            canvas->setMessage(rendition.ok() ? tr("This photo has no preview yet.")
                                              : tr("The preview cannot be read: %1").arg(rendition.error().toString()));
        return;
    }
    // The fit never enlarges past the original's 100 %; an edited photo is fit by its preview.
    const bool edited = forShow ? shown.edited : index.data(EditedRole).toBool();
    QSize full = edited ? QSize() : forShow ? shown.size : index.data(PixelSizeRole).toSize();
    if (full.isEmpty()) full = QSize(rendition.value()->width, rendition.value()->height);
    requestPreview(id, rendition.value()->jpeg, canvas->fitDeviceSizeFor(full));
}

void LoupeView::Private::requestPreview(const QString& photoId, const QByteArray& jpeg, QSize fitSize) {
    previewsLoading.insert(photoId);
    auto* watcher = new QFutureWatcher<loupe::PreviewResult>(q);
    QObject::connect(watcher, &QFutureWatcher<loupe::PreviewResult>::finished, q, [this, watcher, fitSize] {
        watcher->deleteLater();
        onPreviewLoaded(watcher->result(), fitSize);
    });
    watcher->setFuture(QtConcurrent::run(&previewPool, &loupe::loadPreview, loupe::PreviewJob{photoId, jpeg, fitSize}));
}

void LoupeView::Private::onPreviewLoaded(const loupe::PreviewResult& result, QSize fitSize) {
    previewsLoading.remove(result.photoId);
    if (result.preview.isNull()) {
        if (result.photoId == shown.id) canvas->setMessage(tr("The preview cannot be shown: %1").arg(result.error));
        return;
    }
    auto* entry = new CachedPreview{result.preview, result.fitted};
    previews.insert(result.photoId, entry,
                    std::max<qsizetype>(1, result.preview.sizeInBytes() + result.fitted.sizeInBytes()));
    if (result.photoId != shown.id) return;
    canvas->setPreview(result.photoId, result.preview);
    // The canvas may have been resized while the worker scaled for the old size.
    if (!result.fitted.isNull() && fitSize == canvas->fitDeviceSize())
        canvas->setFitted(result.photoId, result.fitted);
    else
        requestFit();
}

void LoupeView::Private::requestFit() {
    const CachedPreview* cached = previews.object(shown.id);
    const QSize size = canvas->fitDeviceSize();
    if (!cached || size.isEmpty() || canvas->hasFitted()) return;
    const quint64 generation = ++fitGeneration;
    const QString id = shown.id;
    auto* watcher = new QFutureWatcher<QImage>(q);
    QObject::connect(watcher, &QFutureWatcher<QImage>::finished, q, [this, watcher, generation, id, size] {
        watcher->deleteLater();
        if (generation != fitGeneration || id != shown.id) return; // resized again, or moved on
        const QImage fitted = watcher->result();
        if (CachedPreview* entry = previews.object(id)) entry->fitted = fitted;
        if (size == canvas->fitDeviceSize()) canvas->setFitted(id, fitted);
    });
    watcher->setFuture(QtConcurrent::run(&previewPool, &loupe::fitImage, cached->preview, size));
}

void LoupeView::Private::requestRegion() {
    if (!canvas->isZoomed() || shown.sha256.isEmpty() || !catalog) return;
    const QRect visible = canvas->visibleImageRect();
    if (visible.isEmpty()) return;
    if (canvas->regionRect().contains(visible) || pendingRegion.contains(visible)) return;
    const QRect wanted = visible.adjusted(-kRegionMargin, -kRegionMargin, kRegionMargin, kRegionMargin) &
                         QRect(QPoint(0, 0), shown.size);
    pendingRegion = wanted;
    const quint64 generation = ++regionGeneration;
    wantedRegion->store(generation);

    loupe::RegionJob job;
    job.photoId = shown.id;
    job.vaultPath = catalog->vaultPath(shown.eventId);
    job.sha256 = shown.sha256;
    if (originalPhotoId == shown.id) job.original = original;
    job.region = wanted;
    job.orientation = shown.orientation;
    job.generation = generation;
    job.wanted = wantedRegion;
    auto* watcher = new QFutureWatcher<loupe::RegionResult>(q);
    QObject::connect(watcher, &QFutureWatcher<loupe::RegionResult>::finished, q, [this, watcher] {
        watcher->deleteLater();
        onRegionDecoded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&regionPool, &loupe::decodeOriginalRegion, job));
}

void LoupeView::Private::onRegionDecoded(const loupe::RegionResult& result) {
    // The bytes are worth keeping even when the pixels came too late.
    if (result.photoId == shown.id && !result.original.isEmpty() && originalPhotoId != result.photoId) {
        originalPhotoId = result.photoId;
        original = result.original;
    }
    if (result.generation != regionGeneration) return; // superseded: dropped
    pendingRegion = QRect();
    if (result.cancelled) return;
    if (!result.error.isEmpty()) {
        regionError = result.error;
        updateInfo();
        return;
    }
    canvas->setRegion(result.photoId, result.image, result.region);
    requestRegion(); // the view may have moved on while this one decoded
}

void LoupeView::Private::onViewChanged() {
    viewTimer.stop();
    if (canvas->isZoomed())
        requestRegion();
    else
        requestFit();
}

void LoupeView::Private::prefetchNeighbours() {
    if (!model || !current.isValid()) return;
    for (int delta : {1, -1}) {
        const QModelIndex next = model->index(current.row() + delta, 0);
        if (next.isValid()) loadPreviewOf(next, false);
    }
}

void LoupeView::Private::step(int delta) {
    if (!model || !current.isValid()) return;
    const QModelIndex next = model->index(current.row() + delta, 0);
    if (next.isValid()) q->setCurrentIndex(next);
}

void LoupeView::Private::syncFilmstrip() {
    if (!filmstrip->selectionModel() || !current.isValid()) return;
    syncingFilmstrip = true;
    filmstrip->selectionModel()->setCurrentIndex(current, QItemSelectionModel::ClearAndSelect);
    syncingFilmstrip = false;
    filmstrip->scrollTo(current, QAbstractItemView::PositionAtCenter);
}

void LoupeView::Private::updateInfo() {
    if (shown.id.isEmpty() || !current.isValid()) {
        info->setText(QString());
        return;
    }
    const int rating = current.data(RatingRole).toInt();
    const int flag = current.data(FlagRole).toInt();
    QStringList parts;
    parts << QStringLiteral("<b>%1</b>").arg(shown.filename.toHtmlEscaped());
    parts << stars(rating);
    if (flag > 0) parts << QStringLiteral("<span style='color:#8fd18f'>%1</span>").arg(tr("Pick"));
    if (flag < 0) parts << QStringLiteral("<span style='color:#ff7a70'>%1</span>").arg(tr("Rejected"));
    if (!shown.size.isEmpty()) parts << QStringLiteral("%1 × %2").arg(shown.size.width()).arg(shown.size.height());
    if (model) parts << tr("%1 of %2").arg(current.row() + 1).arg(model->rowCount());
    parts << (canvas->isZoomed() ? QStringLiteral("100 %") : tr("Fit"));
    if (shown.edited) parts << tr("Edited");
    if (!note.isEmpty()) parts << QStringLiteral("<span style='color:#aaa'>%1</span>").arg(note.toHtmlEscaped());
    if (!regionError.isEmpty())
        parts << QStringLiteral("<span style='color:#ff7a70'>%1</span>")
                     .arg(tr("100 % unavailable: %1").arg(regionError).toHtmlEscaped());
    info->setText(parts.join(QStringLiteral("&nbsp;&nbsp;&nbsp;")));
}

bool LoupeView::Private::isLoupeKey(const QKeyEvent* event) {
    const Qt::KeyboardModifiers mods = event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    if (mods != Qt::NoModifier) return false;
    switch (event->key()) {
    case Qt::Key_Escape:
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_F:
    case Qt::Key_Z:
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Home:
    case Qt::Key_End:
        return true;
    case Qt::Key_Up:
    case Qt::Key_Down:
        return event->modifiers().testFlag(Qt::ShiftModifier); // panning; plain Up/Down are the window's
    default:
        return false;
    }
}

bool LoupeView::Private::handleKey(QKeyEvent* event) {
    if (!isLoupeKey(event)) return false;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    // Shift+arrows pan a zoomed view by a third of it; plain arrows change photo (a zoomed view
    // stays zoomed on the same spot of the next frame).
    const QSize view = canvas->size() * canvas->devicePixelRatioF();
    const QPointF panX(view.width() / 3.0, 0), panY(0, view.height() / 3.0);
    switch (event->key()) {
    case Qt::Key_Escape:
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        emit q->closeRequested();
        return true;
    case Qt::Key_F:
        emit q->fullScreenToggled(!q->window()->isFullScreen());
        return true;
    case Qt::Key_Z:
        canvas->setZoomed(!canvas->isZoomed());
        return true;
    case Qt::Key_Left:
        if (shift)
            canvas->panBy(-panX);
        else
            step(-1);
        return true;
    case Qt::Key_Right:
        if (shift)
            canvas->panBy(panX);
        else
            step(1);
        return true;
    case Qt::Key_Up:
        canvas->panBy(-panY);
        return true;
    case Qt::Key_Down:
        canvas->panBy(panY);
        return true;
    case Qt::Key_Home:
        if (model && model->rowCount() > 0) q->setCurrentIndex(model->index(0, 0));
        return true;
    case Qt::Key_End:
        if (model && model->rowCount() > 0) q->setCurrentIndex(model->index(model->rowCount() - 1, 0));
        return true;
    default:
        return false;
    }
}

} // namespace pd::ui
