// The watermark presets dialog: the list, the form, the live preview and the event's default.
#include "pd/ui/watermark_dialog.h"

#include "dialog_support.h"

#include "pd/core/watermark.h"
#include "pd/db/catalog.h"
#include "pd/db/watermark_presets.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QColorDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontComboBox>
#include <QFormLayout>
#include <QFuture>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>
#include <vector>

namespace pd::ui {

namespace {

// The preview's long edge: big enough to judge the mark, small enough to mark at typing speed.
constexpr int kPreviewLongEdge = 720;
// Coalesces a burst of changes (a spin box held down) into one render.
constexpr int kPreviewSettleMs = 40;

struct MarkResult {
    quint64 generation = 0;
    QImage image;
    QString error;
};

// Pool thread: the photo's preview decoded and scaled down (RGB888, as applyWatermark takes it).
QImage loadPreviewBase(const QByteArray& jpeg) {
    QImage img = QImage::fromData(jpeg, "JPEG");
    if (img.isNull()) return {};
    if (std::max(img.width(), img.height()) > kPreviewLongEdge)
        img = img.scaled(kPreviewLongEdge, kPreviewLongEdge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return img.convertToFormat(QImage::Format_RGB888);
}

// Pool thread: the mark on a copy.
MarkResult markPreview(const QImage& base, const WatermarkPreset& preset, quint64 generation) {
    MarkResult r;
    r.generation = generation;
    auto marked = applyWatermark(base, preset);
    if (marked.ok()) r.image = std::move(marked).value();
    else r.error = marked.error().toString();
    return r;
}

// The preview: the picture fit in the widget, on the theme's base colour.
class PreviewArea : public QWidget {
public:
    PreviewArea() {
        setMinimumSize(360, 280);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }
    void setImage(const QImage& image, const QString& note = {}) {
        m_image = image;
        m_note = note;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.fillRect(rect(), palette().base());
        if (!m_image.isNull()) {
            const QSizeF s = QSizeF(m_image.size()).scaled(QSizeF(size()) - QSizeF(16, 16), Qt::KeepAspectRatio);
            const QRectF target(width() / 2.0 - s.width() / 2, height() / 2.0 - s.height() / 2, s.width(), s.height());
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(target, m_image);
        }
        if (!m_note.isEmpty()) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignBottom | Qt::AlignHCenter | Qt::TextWordWrap, m_note);
        }
    }

private:
    QImage m_image;
    QString m_note;
};

QIcon swatch(const QColor& c) {
    QPixmap px(16, 16);
    px.fill(c);
    return QIcon(px);
}

} // namespace

struct WatermarkPresetsDialog::Private {
    struct Entry {
        qint64 id = 0;   // 0: not stored yet
        WatermarkPreset preset;
        bool dirty = false;
    };

    Catalog& catalog;
    std::optional<EventRecord> event;
    std::vector<Entry> entries;
    int current = -1;
    int defaultEntry = -1;   // the entry the event's proofs carry; -1: none
    bool defaultDirty = false;
    bool loading = false;

    QListWidget* list = nullptr;
    QPushButton* remove = nullptr;
    QWidget* form = nullptr;
    QLineEdit* name = nullptr;
    QLineEdit* text = nullptr;
    QFontComboBox* font = nullptr;
    QCheckBox* bold = nullptr;
    QDoubleSpinBox* textSize = nullptr;
    QToolButton* colour = nullptr;
    QSpinBox* opacity = nullptr;
    QLabel* logoLabel = nullptr;
    QPushButton* clearLogo = nullptr;
    QDoubleSpinBox* logoSize = nullptr;
    QButtonGroup* anchors = nullptr;
    QWidget* anchorGrid = nullptr;
    QCheckBox* tiled = nullptr;
    QDoubleSpinBox* margin = nullptr;
    QDoubleSpinBox* spacing = nullptr;
    QDoubleSpinBox* angle = nullptr;
    QCheckBox* eventDefault = nullptr;
    QLabel* message = nullptr;
    PreviewArea* preview = nullptr;
    QPushButton* saveButton = nullptr;

    QImage base;
    QImage marked;
    quint64 generation = 0;        // of the settings now in the form
    quint64 shownGeneration = 0;   // of the mark on screen
    QThreadPool pool;
    QTimer previewTimer;

    explicit Private(Catalog& c) : catalog(c) {}
    Entry* entry() { return current >= 0 && current < int(entries.size()) ? &entries[size_t(current)] : nullptr; }
};

WatermarkPresetsDialog::WatermarkPresetsDialog(Catalog& catalog, const QString& eventId, const QString& previewPhotoId,
                                               QWidget* parent)
    : QDialog(parent), d(new Private(catalog)) {
    setWindowTitle(tr("Watermark Presets"));
    setObjectName(QStringLiteral("watermarkPresetsDialog"));
    d->pool.setMaxThreadCount(1);
    d->previewTimer.setSingleShot(true);
    d->previewTimer.setInterval(kPreviewSettleMs);

    if (!eventId.isEmpty())
        if (auto e = catalog.findEvent(eventId); e.ok() && e.value()) d->event = *e.value();

    // Left: the presets.
    d->list = new QListWidget;
    d->list->setObjectName(QStringLiteral("presetList"));
    d->list->setMinimumWidth(170);
    auto* add = new QPushButton(tr("&Add"));
    add->setObjectName(QStringLiteral("addPreset"));
    d->remove = new QPushButton(tr("&Remove"));
    d->remove->setObjectName(QStringLiteral("removePreset"));
    for (QPushButton* b : {add, d->remove}) b->setAutoDefault(false);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(d->remove);
    auto* left = new QVBoxLayout;
    left->addWidget(d->list, 1);
    left->addLayout(listButtons);

    // Middle: the selected preset.
    d->form = new QWidget;
    auto* form = new QFormLayout(d->form);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    d->name = new QLineEdit;
    d->name->setObjectName(QStringLiteral("presetName"));
    form->addRow(tr("&Name:"), d->name);

    auto* textBox = new QGroupBox(tr("Text"));
    auto* textForm = new QFormLayout(textBox);
    d->text = new QLineEdit;
    d->text->setObjectName(QStringLiteral("markText"));
    d->text->setPlaceholderText(tr("© Your Studio (empty: logo only)"));
    textForm->addRow(tr("&Text:"), d->text);
    d->font = new QFontComboBox;
    d->font->setObjectName(QStringLiteral("markFont"));
    d->bold = new QCheckBox(tr("Bold"));
    auto* fontRow = new QHBoxLayout;
    fontRow->addWidget(d->font, 1);
    fontRow->addWidget(d->bold);
    textForm->addRow(tr("Font:"), fontRow);
    d->textSize = new QDoubleSpinBox;
    d->textSize->setObjectName(QStringLiteral("markTextSize"));
    d->textSize->setRange(0.5, 30);
    d->textSize->setSingleStep(0.5);
    d->textSize->setDecimals(1);
    d->textSize->setSuffix(tr(" % of the short edge"));
    textForm->addRow(tr("&Size:"), d->textSize);
    d->colour = new QToolButton;
    d->colour->setObjectName(QStringLiteral("markColour"));
    d->colour->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    textForm->addRow(tr("&Colour:"), d->colour);
    form->addRow(textBox);

    auto* logoBox = new QGroupBox(tr("Logo"));
    auto* logoForm = new QFormLayout(logoBox);
    d->logoLabel = new QLabel;
    d->logoLabel->setObjectName(QStringLiteral("logoLabel"));
    auto* chooseLogo = new QPushButton(tr("C&hoose…"));
    chooseLogo->setObjectName(QStringLiteral("chooseLogo"));
    d->clearLogo = new QPushButton(tr("Remo&ve"));
    d->clearLogo->setObjectName(QStringLiteral("clearLogo"));
    for (QPushButton* b : {chooseLogo, d->clearLogo}) b->setAutoDefault(false);
    auto* logoRow = new QHBoxLayout;
    logoRow->addWidget(d->logoLabel, 1);
    logoRow->addWidget(chooseLogo);
    logoRow->addWidget(d->clearLogo);
    logoForm->addRow(tr("PNG or SVG:"), logoRow);
    d->logoSize = new QDoubleSpinBox;
    d->logoSize->setObjectName(QStringLiteral("logoSize"));
    d->logoSize->setRange(1, 100);
    d->logoSize->setDecimals(0);
    d->logoSize->setSuffix(tr(" % of the short edge"));
    logoForm->addRow(tr("&Width:"), d->logoSize);
    form->addRow(logoBox);

    auto* placeBox = new QGroupBox(tr("Placement"));
    auto* placeForm = new QFormLayout(placeBox);
    d->anchorGrid = new QWidget;
    auto* grid = new QGridLayout(d->anchorGrid);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    d->anchors = new QButtonGroup(this);
    // Nine radio buttons laid out as the picture's corners, edges and centre (as Lightroom's).
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    for (int i = 0; i < 9; ++i) {
        auto* b = new QRadioButton;
        b->setToolTip(watermarkPositionName(WatermarkPosition(i)));
        b->setObjectName(QStringLiteral("anchor-%1").arg(watermarkPositionName(WatermarkPosition(i))));
        d->anchors->addButton(b, i);
        grid->addWidget(b, i / 3, i % 3);
    }
    d->tiled = new QCheckBox(tr("Tiled diagonally"));
    d->tiled->setObjectName(QStringLiteral("markTiled"));
    auto* anchorRow = new QHBoxLayout;
    anchorRow->addWidget(d->anchorGrid);
    anchorRow->addSpacing(12);
    anchorRow->addWidget(d->tiled, 0, Qt::AlignTop);
    anchorRow->addStretch(1);
    placeForm->addRow(tr("Anchor:"), anchorRow);
    d->margin = new QDoubleSpinBox;
    d->margin->setObjectName(QStringLiteral("markMargin"));
    d->margin->setRange(0, 50);
    d->margin->setDecimals(1);
    d->margin->setSuffix(tr(" %"));
    placeForm->addRow(tr("&Margin:"), d->margin);
    d->spacing = new QDoubleSpinBox;
    d->spacing->setRange(0, 200);
    d->spacing->setDecimals(0);
    d->spacing->setSuffix(tr(" %"));
    d->angle = new QDoubleSpinBox;
    d->angle->setRange(-90, 90);
    d->angle->setDecimals(0);
    d->angle->setSuffix(QStringLiteral("°"));
    auto* tileRow = new QHBoxLayout;
    tileRow->addWidget(d->spacing);
    tileRow->addWidget(new QLabel(tr("angle")));
    tileRow->addWidget(d->angle);
    placeForm->addRow(tr("Tile gap:"), tileRow);
    d->opacity = new QSpinBox;
    d->opacity->setObjectName(QStringLiteral("markOpacity"));
    d->opacity->setRange(0, 100);
    d->opacity->setSuffix(tr(" %"));
    placeForm->addRow(tr("&Opacity:"), d->opacity);
    form->addRow(placeBox);

    // Right: the preview.
    d->preview = new PreviewArea;
    d->preview->setObjectName(QStringLiteral("watermarkPreview"));

    auto* columns = new QHBoxLayout;
    columns->addLayout(left);
    columns->addWidget(d->form);
    columns->addWidget(d->preview, 1);

    d->eventDefault = new QCheckBox(d->event ? tr("Use for the proofs of “%1”").arg(d->event->name) : tr("No event chosen"));
    d->eventDefault->setObjectName(QStringLiteral("eventDefault"));
    d->eventDefault->setEnabled(d->event.has_value());
    d->message = new QLabel;
    d->message->setObjectName(QStringLiteral("watermarkMessage"));
    d->message->setWordWrap(true);
    auto* buttons = new QDialogButtonBox;
    d->saveButton = buttons->addButton(QDialogButtonBox::Save);
    d->saveButton->setObjectName(QStringLiteral("savePresets"));
    buttons->addButton(QDialogButtonBox::Close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(d->eventDefault);
    layout->addWidget(d->message);
    layout->addWidget(buttons);
    resize(1080, 660);

    // The presets there are, and the event's default among them.
    if (auto all = watermarkPresets(catalog); all.ok()) {
        for (const WatermarkPresetRecord& r : all.value()) {
            d->entries.push_back({r.id, r.preset, false});
            if (d->event && d->event->watermarkPresetId == r.id) d->defaultEntry = int(d->entries.size()) - 1;
        }
    } else {
        d->message->setText(asSentence(all.error().toString()));
    }
    for (const auto& e : d->entries) d->list->addItem(e.preset.name);

    // The photo under the mark, decoded off the GUI thread.
    d->preview->setImage({}, tr("Loading the photo…"));
    QByteArray jpeg;
    if (!previewPhotoId.isEmpty())
        if (auto r = catalog.rendition(previewPhotoId, QStringLiteral("preview")); r.ok() && r.value()) jpeg = r.value()->jpeg;
    QtConcurrent::run(&d->pool, [jpeg] {
        QImage img = jpeg.isEmpty() ? QImage() : loadPreviewBase(jpeg);
        if (img.isNull()) {   // no photo: a neutral card of a photo's shape
            img = QImage(kPreviewLongEdge, kPreviewLongEdge * 2 / 3, QImage::Format_RGB888);
            img.fill(QColor(128, 128, 128));
        }
        return img;
    }).then(this, [this](const QImage& img) {
        d->base = img;
        d->previewTimer.start();
    });

    // Every field writes through to the selected preset and asks for a new preview.
    auto edited = [this] {
        if (d->loading) return;
        Private::Entry* e = d->entry();
        if (!e) return;
        WatermarkPreset& p = e->preset;
        p.name = d->name->text().trimmed();
        p.text = d->text->text();
        p.fontFamily = d->font->currentFont().family();
        p.bold = d->bold->isChecked();
        p.textSize = d->textSize->value() / 100.0;
        p.opacity = d->opacity->value() / 100.0;
        p.logoSize = d->logoSize->value() / 100.0;
        p.margin = d->margin->value() / 100.0;
        p.tileSpacing = d->spacing->value() / 100.0;
        p.tileAngle = d->angle->value();
        p.position = d->tiled->isChecked() ? WatermarkPosition::Tiled : WatermarkPosition(std::max(0, d->anchors->checkedId()));
        e->dirty = true;
        d->list->item(d->current)->setText(p.name.isEmpty() ? tr("(no name)") : p.name);
        d->anchorGrid->setEnabled(!d->tiled->isChecked());
        d->margin->setEnabled(!d->tiled->isChecked());
        d->spacing->setEnabled(d->tiled->isChecked());
        d->angle->setEnabled(d->tiled->isChecked());
        ++d->generation;
        d->previewTimer.start();
    };
    for (QLineEdit* l : {d->name, d->text}) connect(l, &QLineEdit::textChanged, this, edited);
    connect(d->font, &QFontComboBox::currentFontChanged, this, edited);
    for (QCheckBox* c : {d->bold, d->tiled}) connect(c, &QCheckBox::toggled, this, edited);
    for (QDoubleSpinBox* s : {d->textSize, d->logoSize, d->margin, d->spacing, d->angle})
        connect(s, &QDoubleSpinBox::valueChanged, this, edited);
    connect(d->opacity, &QSpinBox::valueChanged, this, edited);
    connect(d->anchors, &QButtonGroup::idClicked, this, edited);
    connect(d->colour, &QToolButton::clicked, this, [this, edited] {
        Private::Entry* e = d->entry();
        if (!e) return;
        const QColor c = QColorDialog::getColor(e->preset.colour, this, tr("Text colour"));
        if (!c.isValid()) return;
        e->preset.colour = c;
        d->colour->setIcon(swatch(c));
        d->colour->setText(c.name());
        edited();
    });
    connect(chooseLogo, &QPushButton::clicked, this, [this, edited] {
        Private::Entry* e = d->entry();
        if (!e) return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a logo"), QString(), tr("Logos (*.png *.svg)"));
        if (path.isEmpty()) return;
        QFile f(path);
        QByteArray bytes;
        if (f.open(QIODevice::ReadOnly)) bytes = f.readAll();
        if (auto logo = renderWatermarkLogo(bytes, 64); !logo.ok()) {
            d->message->setText(tr("%1 cannot be used as a logo: %2").arg(QFileInfo(path).fileName(), logo.error().toString()));
            return;
        }
        e->preset.logo = bytes;
        d->logoLabel->setText(QFileInfo(path).fileName());
        d->clearLogo->setEnabled(true);
        d->message->clear();
        edited();
    });
    connect(d->clearLogo, &QPushButton::clicked, this, [this, edited] {
        if (Private::Entry* e = d->entry()) {
            e->preset.logo.clear();
            d->logoLabel->setText(tr("none"));
            d->clearLogo->setEnabled(false);
            edited();
        }
    });
    connect(d->eventDefault, &QCheckBox::toggled, this, [this](bool on) {
        if (d->loading || d->current < 0) return;
        d->defaultEntry = on ? d->current : (d->defaultEntry == d->current ? -1 : d->defaultEntry);
        d->defaultDirty = true;
    });

    connect(d->list, &QListWidget::currentRowChanged, this, [this](int row) { selectPreset(row); });
    connect(add, &QPushButton::clicked, this, [this] { addPreset(); });
    connect(d->remove, &QPushButton::clicked, this, [this] {
        Private::Entry* e = d->entry();
        if (!e) return;
        if (e->id != 0) {
            if (const Status s = removeWatermarkPreset(d->catalog, e->id); !s.ok()) {
                d->message->setText(asSentence(s.error().toString()));
                return;
            }
        }
        const int row = d->current;
        if (d->defaultEntry == row) d->defaultEntry = -1;
        else if (d->defaultEntry > row) --d->defaultEntry;
        d->entries.erase(d->entries.begin() + row);
        d->current = -1;
        delete d->list->takeItem(row);
        selectPreset(std::min(row, int(d->entries.size()) - 1));
    });
    connect(d->saveButton, &QPushButton::clicked, this, [this] { save(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&d->previewTimer, &QTimer::timeout, this, [this] {
        if (d->base.isNull()) return;
        Private::Entry* e = d->entry();
        if (!e) {
            d->marked = QImage();
            d->preview->setImage(d->base, tr("Add a preset to see its mark."));
            return;
        }
        const quint64 generation = d->generation;
        QtConcurrent::run(&d->pool, &markPreview, d->base, e->preset, generation).then(this, [this](const MarkResult& r) {
            if (r.generation != d->generation) return;   // the settings have changed since
            d->shownGeneration = r.generation;
            d->marked = r.image;
            d->preview->setImage(r.image.isNull() ? d->base : r.image, r.error.isEmpty() ? QString() : asSentence(r.error));
            emit previewUpdated();
        });
    });

    selectPreset(d->entries.empty() ? -1 : std::max(0, d->defaultEntry));
}

WatermarkPresetsDialog::~WatermarkPresetsDialog() {
    d->pool.clear();
    d->pool.waitForDone();
    delete d;
}

void WatermarkPresetsDialog::selectPreset(int row) {
    if (row >= int(d->entries.size())) row = int(d->entries.size()) - 1;
    d->current = row;
    d->loading = true;
    if (d->list->currentRow() != row) d->list->setCurrentRow(row);
    Private::Entry* e = d->entry();
    d->form->setEnabled(e != nullptr);
    d->remove->setEnabled(e != nullptr);
    d->eventDefault->setEnabled(e != nullptr && d->event.has_value());
    const WatermarkPreset p = e ? e->preset : WatermarkPreset();
    d->name->setText(p.name);
    d->text->setText(p.text);
    d->font->setCurrentFont(QFont(p.fontFamily));
    d->bold->setChecked(p.bold);
    d->textSize->setValue(p.textSize * 100);
    d->colour->setIcon(swatch(p.colour));
    d->colour->setText(p.colour.name());
    d->opacity->setValue(int(std::lround(p.opacity * 100)));
    d->logoLabel->setText(p.logo.isEmpty() ? tr("none") : tr("%1 logo").arg(watermarkLogoFormat(p.logo).toUpper()));
    d->clearLogo->setEnabled(!p.logo.isEmpty());
    d->logoSize->setValue(p.logoSize * 100);
    const bool tiled = p.position == WatermarkPosition::Tiled;
    d->tiled->setChecked(tiled);
    if (!tiled) d->anchors->button(int(p.position))->setChecked(true);
    else d->anchors->button(int(WatermarkPosition::BottomRight))->setChecked(true);
    d->anchorGrid->setEnabled(!tiled);
    d->margin->setValue(p.margin * 100);
    d->margin->setEnabled(!tiled);
    d->spacing->setValue(p.tileSpacing * 100);
    d->angle->setValue(p.tileAngle);
    d->spacing->setEnabled(tiled);
    d->angle->setEnabled(tiled);
    d->eventDefault->setChecked(e != nullptr && d->defaultEntry == row);
    d->loading = false;
    ++d->generation;
    d->marked = QImage();
    d->previewTimer.start();
}

void WatermarkPresetsDialog::addPreset() {
    Private::Entry e;
    QString name = tr("Watermark");
    for (int n = 2;; ++n) {
        bool taken = false;
        for (const auto& other : d->entries) taken = taken || other.preset.name.compare(name, Qt::CaseInsensitive) == 0;
        if (!taken) break;
        name = tr("Watermark %1").arg(n);
    }
    e.preset.name = name;
    const QString who = d->event && !d->event->photographer.isEmpty() ? d->event->photographer : tr("Proof");
    e.preset.text = QStringLiteral("© ") + who;
    e.dirty = true;
    d->entries.push_back(e);
    d->list->addItem(name);
    const int row = int(d->entries.size()) - 1;
    // An event without a watermark gets its first one: proofs should never go out unmarked by surprise.
    if (d->event && d->defaultEntry < 0) {
        d->defaultEntry = row;
        d->defaultDirty = true;
    }
    selectPreset(row);
    d->name->setFocus();
    d->name->selectAll();
}

bool WatermarkPresetsDialog::save() {
    d->message->clear();
    for (int i = 0; i < int(d->entries.size()); ++i) {
        Private::Entry& e = d->entries[size_t(i)];
        if (!e.dirty) continue;
        if (e.id == 0) {
            auto added = addWatermarkPreset(d->catalog, e.preset);
            if (!added.ok()) {
                selectPreset(i);
                d->message->setText(tr("“%1” was not saved: %2").arg(e.preset.name, asSentence(added.error().toString())));
                return false;
            }
            e.id = added->id;
        } else if (const Status s = updateWatermarkPreset(d->catalog, e.id, e.preset); !s.ok()) {
            selectPreset(i);
            d->message->setText(tr("“%1” was not saved: %2").arg(e.preset.name, asSentence(s.error().toString())));
            return false;
        }
        e.dirty = false;
    }
    if (d->event && d->defaultDirty) {
        auto fresh = d->catalog.requireEvent(d->event->id);   // the other fields as they are now
        if (!fresh.ok()) {
            d->message->setText(asSentence(fresh.error().toString()));
            return false;
        }
        EventRecord ev = fresh.value();
        if (d->defaultEntry >= 0) ev.watermarkPresetId = d->entries[size_t(d->defaultEntry)].id;
        else ev.watermarkPresetId.reset();
        if (const Status s = d->catalog.updateEvent(ev); !s.ok()) {
            d->message->setText(asSentence(s.error().toString()));
            return false;
        }
        d->event = ev;
        d->defaultDirty = false;
    }
    d->message->setText(tr("Saved."));
    return true;
}

bool WatermarkPresetsDialog::hasUnsavedChanges() const {
    if (d->defaultDirty) return true;
    for (const auto& e : d->entries)
        if (e.dirty) return true;
    return false;
}

void WatermarkPresetsDialog::done(int result) {
    if (result == QDialog::Rejected && hasUnsavedChanges()) {
        const auto answer = QMessageBox::question(this, windowTitle(), tr("Save the changes to the watermark presets?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel) return;
        if (answer == QMessageBox::Save && !save()) return;
    }
    QDialog::done(result);
}

int WatermarkPresetsDialog::presetCount() const { return int(d->entries.size()); }
QImage WatermarkPresetsDialog::previewBase() const { return d->base; }
QImage WatermarkPresetsDialog::previewImage() const { return d->marked; }
bool WatermarkPresetsDialog::isPreviewCurrent() const { return !d->marked.isNull() && d->shownGeneration == d->generation; }
QString WatermarkPresetsDialog::message() const { return d->message->text(); }

} // namespace pd::ui
