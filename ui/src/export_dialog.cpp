// The Export dialog: kind, size, quality, watermark, folder and file names.
#include "pd/ui/export_dialog.h"

#include "dialog_support.h"
#include "edit_jobs.h"

#include "pd/db/catalog.h"
#include "pd/db/watermark_presets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QThread>
#include <QVBoxLayout>

#include <optional>

namespace pd::ui {

namespace {
enum KindIndex { kProofs = 0, kPrints = 1 };
constexpr int kWatermarkEventDefault = -1;
constexpr int kWatermarkNone = -2;
} // namespace

struct ExportDialog::Private {
    Catalog& catalog;
    QStringList photoIds;
    std::optional<EventRecord> event;
    std::optional<PhotoRecord> first;

    QComboBox* kind = nullptr;
    QStackedWidget* sizePages = nullptr;
    QSpinBox* longEdge = nullptr;
    QComboBox* printSize = nullptr;
    QSpinBox* quality = nullptr;
    QComboBox* watermark = nullptr;
    QLabel* watermarkLabel = nullptr;
    QLineEdit* folder = nullptr;
    QLineEdit* fileTemplate = nullptr;
    QLabel* example = nullptr;
    QPushButton* exportButton = nullptr;
    int lastKind = kProofs;

    explicit Private(Catalog& c) : catalog(c) {}
};

ExportDialog::ExportDialog(Catalog& catalog, const QString& eventId, const QStringList& photoIds, QWidget* parent)
    : QDialog(parent), d(new Private(catalog)) {
    setWindowTitle(tr("Export Photos"));
    setObjectName(QStringLiteral("exportDialog"));
    d->photoIds = photoIds;
    if (auto e = catalog.findEvent(eventId); e.ok() && e.value()) d->event = *e.value();
    if (!photoIds.isEmpty())
        if (auto p = catalog.findPhoto(photoIds.first()); p.ok() && p.value()) d->first = *p.value();

    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(photoIds.size() == 1 ? tr("Export 1 photo") : tr("Export %1 photos").arg(photoIds.size()));
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    layout->addWidget(heading);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    d->kind = new QComboBox;
    d->kind->setObjectName(QStringLiteral("exportKind"));
    d->kind->addItem(tr("Proofs: for customers, edited and watermarked"));
    d->kind->addItem(tr("Print files: for the lab, full resolution, never watermarked"));
    form->addRow(tr("&Export as:"), d->kind);

    d->sizePages = new QStackedWidget;
    d->longEdge = new QSpinBox;
    d->longEdge->setObjectName(QStringLiteral("exportLongEdge"));
    d->longEdge->setRange(256, 16384);
    d->longEdge->setSingleStep(256);
    d->longEdge->setSuffix(tr(" px long edge"));
    d->longEdge->setValue(d->event ? d->event->proofSize : kDefaultProofLongEdge);
    d->printSize = new QComboBox;
    d->printSize->setObjectName(QStringLiteral("exportPrintSize"));
    d->printSize->addItem(tr("As edited (no crop to a print size)"), QString());
    for (const QString& s : editing::usualPrintSizes()) d->printSize->addItem(tr("%1 in").arg(s), s);
    d->sizePages->addWidget(d->longEdge);
    d->sizePages->addWidget(d->printSize);
    d->sizePages->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    form->addRow(tr("&Size:"), d->sizePages);

    d->quality = new QSpinBox;
    d->quality->setObjectName(QStringLiteral("exportQuality"));
    d->quality->setRange(1, 100);
    d->quality->setValue(kProofQuality);
    form->addRow(tr("&Quality:"), d->quality);

    d->watermark = new QComboBox;
    d->watermark->setObjectName(QStringLiteral("exportWatermark"));
    QString eventDefault = tr("none");
    if (d->event && d->event->watermarkPresetId)
        if (auto p = watermarkPresetById(catalog, *d->event->watermarkPresetId); p.ok()) eventDefault = p->preset.name;
    d->watermark->addItem(tr("The event's default: %1").arg(eventDefault), kWatermarkEventDefault);
    d->watermark->addItem(tr("None"), kWatermarkNone);
    if (auto all = watermarkPresets(catalog); all.ok())
        for (const auto& r : all.value()) d->watermark->addItem(r.preset.name, r.id);
    d->watermarkLabel = new QLabel(tr("&Watermark:"));
    d->watermarkLabel->setBuddy(d->watermark);
    form->addRow(d->watermarkLabel, d->watermark);

    d->folder = new QLineEdit;
    d->folder->setObjectName(QStringLiteral("exportFolder"));
    d->folder->setPlaceholderText(tr("The folder the files go to (made when missing)"));
    auto* browse = new QPushButton(tr("&Browse…"));
    browse->setAutoDefault(false);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(d->folder, 1);
    folderRow->addWidget(browse);
    auto* folderLabel = new QLabel(tr("&Folder:"));
    folderLabel->setBuddy(d->folder);
    form->addRow(folderLabel, folderRow);

    d->fileTemplate = new QLineEdit(QStringLiteral("{filename}"));
    d->fileTemplate->setObjectName(QStringLiteral("exportTemplate"));
    d->fileTemplate->setToolTip(tr("{event} {seq} {seq:03} {filename} {id} {date} {kind} {size} {category}"));
    form->addRow(tr("File &names:"), d->fileTemplate);
    d->example = new QLabel;
    d->example->setObjectName(QStringLiteral("exportExample"));
    d->example->setWordWrap(true);
    d->example->setTextFormat(Qt::PlainText);
    form->addRow(QString(), d->example);
    auto* placeholders = new QLabel(tr("Placeholders: {event} {seq} {seq:03} {filename} {date} {kind} {size} {category}"));
    placeholders->setWordWrap(true);
    placeholders->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), placeholders);
    layout->addLayout(form);
    layout->addStretch(1);

    auto* buttons = new QDialogButtonBox;
    d->exportButton = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    d->exportButton->setObjectName(QStringLiteral("exportButton"));
    d->exportButton->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (d->exportButton->isEnabled()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to"), d->folder->text().isEmpty() ? QDir::homePath() : d->folder->text());
        if (!dir.isEmpty()) d->folder->setText(dir);
    });

    auto refresh = [this] {
        const bool proofs = d->kind->currentIndex() == kProofs;
        d->sizePages->setCurrentIndex(proofs ? 0 : 1);
        d->watermark->setEnabled(proofs);
        d->watermarkLabel->setEnabled(proofs);
        if (d->kind->currentIndex() != d->lastKind) {   // each kind's usual quality
            d->quality->setValue(proofs ? kProofQuality : kPrintQuality);
            d->lastKind = d->kind->currentIndex();
        }
        const QString name = exampleFileName();
        if (name.isEmpty()) {
            auto r = expandFileNameTemplate(d->fileTemplate->text(), FileNameFields{});
            d->example->setText(r.ok() ? QString() : asSentence(r.error().toString()));
        } else {
            d->example->setText(tr("For example: %1").arg(name));
        }
        d->exportButton->setEnabled(!name.isEmpty() && !d->folder->text().trimmed().isEmpty() && !d->photoIds.isEmpty());
    };
    connect(d->kind, &QComboBox::currentIndexChanged, this, refresh);
    connect(d->printSize, &QComboBox::currentIndexChanged, this, refresh);
    connect(d->longEdge, &QSpinBox::valueChanged, this, refresh);
    connect(d->folder, &QLineEdit::textChanged, this, refresh);
    connect(d->fileTemplate, &QLineEdit::textChanged, this, refresh);
    refresh();
    resize(sizeHint().expandedTo(QSize(620, 380)));
}

ExportDialog::~ExportDialog() { delete d; }

QString ExportDialog::exampleFileName() const {
    const bool proofs = d->kind->currentIndex() == kProofs;
    FileNameFields f;
    f.event = d->event ? d->event->name : QString();
    f.seq = 1;
    if (d->first) {
        f.filename = QFileInfo(d->first->filename).completeBaseName();
        f.id = d->first->id;
        f.date = d->first->meta.capturedAt.date();
        f.category = d->first->category;
    }
    f.kind = exportKindName(proofs ? ExportKind::Proof : ExportKind::Print);
    f.size = proofs ? QStringLiteral("%1px").arg(d->longEdge->value()) : d->printSize->currentData().toString();
    auto r = expandFileNameTemplate(d->fileTemplate->text(), f);
    return r.ok() ? r.value() + QStringLiteral(".jpg") : QString();
}

BatchExportRequest ExportDialog::request() const {
    BatchExportRequest r;
    r.photoIds = d->photoIds;
    r.folder = QDir::cleanPath(d->folder->text().trimmed());
    r.fileNameTemplate = d->fileTemplate->text();
    // Leave a core for the window: the export runs beside it.
    r.jobs = std::max(1, QThread::idealThreadCount() - 1);
    const bool proofs = d->kind->currentIndex() == kProofs;
    r.options.kind = proofs ? ExportKind::Proof : ExportKind::Print;
    r.options.quality = d->quality->value();
    if (proofs) {
        r.options.longEdge = d->longEdge->value();
        const qint64 w = d->watermark->currentData().toLongLong();
        if (w == kWatermarkNone) {
            r.options.watermark.mode = WatermarkChoice::Mode::None;
        } else if (w > 0) {
            r.options.watermark.mode = WatermarkChoice::Mode::Preset;
            r.options.watermark.preset = QString::number(w);
        }
    } else if (const QString s = d->printSize->currentData().toString(); !s.isEmpty()) {
        r.options.printSize = parsePrintSize(s);
    }
    return r;
}

void ExportDialog::setChoices(const BatchExportRequest& previous) {
    const bool proofs = previous.options.kind != ExportKind::Print;
    d->kind->setCurrentIndex(proofs ? kProofs : kPrints);
    if (!previous.folder.isEmpty()) d->folder->setText(previous.folder);
    if (!previous.fileNameTemplate.isEmpty()) d->fileTemplate->setText(previous.fileNameTemplate);
    if (previous.options.quality > 0) d->quality->setValue(previous.options.quality);
    if (proofs && previous.options.longEdge > 0) d->longEdge->setValue(previous.options.longEdge);
    if (!proofs && previous.options.printSize) {
        const auto& s = *previous.options.printSize;
        const int i = d->printSize->findData(QStringLiteral("%1x%2").arg(s.shortInches).arg(s.longInches));
        if (i >= 0) d->printSize->setCurrentIndex(i);
    }
    if (proofs) {
        const WatermarkChoice& w = previous.options.watermark;
        const int i = w.mode == WatermarkChoice::Mode::None ? d->watermark->findData(kWatermarkNone)
                      : w.mode == WatermarkChoice::Mode::Preset ? d->watermark->findData(w.preset.toLongLong())
                                                                 : 0;
        d->watermark->setCurrentIndex(std::max(0, i));
    }
}

} // namespace pd::ui
