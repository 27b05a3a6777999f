// The Import dialog: a source folder or card, the destination event and category.
#include "pd/ui/import_dialog.h"

#include "dialog_support.h"

#include "pd/db/catalog.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QStorageInfo>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace pd::ui {

namespace {

// Counting a card's images reads every file's first bytes: a few threads for it, apart from
// the pools that decode. A count nobody waits for any more finishes here and is dropped.
Q_GLOBAL_STATIC(QThreadPool, sourceScanPool)

QThreadPool* scanPool() {
    QThreadPool* pool = sourceScanPool();
    pool->setMaxThreadCount(2);
    return pool;
}

// What the photographer typed, as a path: "~/" and file:// URLs (pasted from a file manager)
// are understood.
QString pathFromUserText(QString text) {
    text = text.trimmed();
    if (text.startsWith(QLatin1String("file:"))) return QUrl(text).toLocalFile();
    if (text == QLatin1String("~") || text.startsWith(QLatin1String("~/"))) text.replace(0, 1, QDir::homePath());
    return text;
}

// Where Browse… starts when nothing is chosen yet: a mounted camera card (a volume with DCIM),
// else the folder removable media appear in, else home.
QString browseStart() {
    for (const QStorageInfo& v : QStorageInfo::mountedVolumes())
        if (v.isValid() && v.isReady() && !v.isRoot() && QFileInfo(v.rootPath() + QStringLiteral("/DCIM")).isDir())
            return v.rootPath();
    const QString user = qEnvironmentVariable("USER");
    for (const QString& media : {QStringLiteral("/media/") + user, QStringLiteral("/run/media/") + user})
        if (!user.isEmpty() && QFileInfo(media).isDir()) return media;
    return QDir::homePath();
}

enum class SourceState { Empty, Counting, Missing, NoImages, Ready };

} // namespace

struct ImportDialog::Private {
    Catalog& catalog;
    QStringList paths; // what is being (or was) counted and will be imported
    SourceState state = SourceState::Empty;
    int fileCount = 0;
    quint64 generation = 0; // counts that come back for an older source are dropped

    QLineEdit* source = nullptr;
    QPushButton* browse = nullptr;
    QLabel* count = nullptr;
    QComboBox* event = nullptr;
    QComboBox* category = nullptr;
    QLabel* duplicatesNote = nullptr;
    QDialogButtonBox* buttons = nullptr;
    QPushButton* importButton = nullptr;
    QTimer* typingPause = nullptr;
    std::function<void()> countNow; // starts counting `paths`

    explicit Private(Catalog& c) : catalog(c) {}
};

ImportDialog::ImportDialog(Catalog& catalog, const QString& preselectedEventId, QWidget* parent)
    : QDialog(parent), d(new Private(catalog)) {
    setWindowTitle(tr("Import Photos"));
    setObjectName(QStringLiteral("importDialog"));

    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    d->source = new QLineEdit;
    d->source->setObjectName(QStringLiteral("sourceEdit"));
    d->source->setPlaceholderText(tr("A folder or a memory card"));
    d->source->setClearButtonEnabled(true);
    auto* fsModel = new QFileSystemModel(d->source);
    fsModel->setFilter(QDir::AllDirs | QDir::NoDotAndDotDot | QDir::Drives);
    fsModel->setRootPath(QString());
    d->source->setCompleter(new QCompleter(fsModel, d->source));
    d->browse = new QPushButton(tr("&Browse…"));
    d->browse->setObjectName(QStringLiteral("browseButton"));
    d->browse->setAutoDefault(false);
    auto* sourceRow = new QHBoxLayout;
    sourceRow->addWidget(d->source, 1);
    sourceRow->addWidget(d->browse);
    auto* sourceLabel = new QLabel(tr("&Source:"));
    sourceLabel->setBuddy(d->source);
    form->addRow(sourceLabel, sourceRow);

    d->count = new QLabel;
    d->count->setObjectName(QStringLiteral("sourceCountLabel"));
    d->count->setTextFormat(Qt::PlainText);
    d->count->setWordWrap(true);
    form->addRow(QString(), d->count);

    d->event = new QComboBox;
    d->event->setObjectName(QStringLiteral("eventCombo"));
    d->event->setPlaceholderText(tr("Choose an event"));
    d->event->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    d->event->setMinimumContentsLength(24);
    auto* eventLabel = new QLabel(tr("&Event:"));
    eventLabel->setBuddy(d->event);
    form->addRow(eventLabel, d->event);

    d->category = new QComboBox;
    d->category->setObjectName(QStringLiteral("categoryCombo"));
    auto* categoryLabel = new QLabel(tr("&Category:"));
    categoryLabel->setBuddy(d->category);
    form->addRow(categoryLabel, d->category);
    layout->addLayout(form);

    d->duplicatesNote = new QLabel(tr("Photos already in the event are skipped: they are recognised by their "
                                      "content, whatever their file names."));
    d->duplicatesNote->setObjectName(QStringLiteral("duplicatesNote"));
    d->duplicatesNote->setWordWrap(true);
    layout->addWidget(d->duplicatesNote);
    layout->addStretch(1);

    d->buttons = new QDialogButtonBox;
    d->buttons->setObjectName(QStringLiteral("buttonBox"));
    d->importButton = d->buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    d->importButton->setObjectName(QStringLiteral("importButton"));
    d->importButton->setDefault(true);
    d->buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(d->buttons);
    connect(d->buttons, &QDialogButtonBox::accepted, this, &ImportDialog::accept);
    connect(d->buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);

    auto updateImportButton = [this] {
        d->importButton->setEnabled(d->state == SourceState::Ready && d->event->currentIndex() >= 0);
    };

    // Events, newest first as the catalog lists them.
    if (auto events = catalog.events(); events.ok()) {
        for (const EventRecord& e : events.value()) {
            const QString label =
                e.date.isValid() ? tr("%1 (%2)").arg(e.name, QLocale().toString(e.date, QLocale::ShortFormat)) : e.name;
            d->event->addItem(label, e.id);
        }
        int pick = d->event->findData(preselectedEventId);
        if (pick < 0 && !preselectedEventId.isEmpty())
            for (int i = 0; i < int(events->size()); ++i)
                if (events->at(size_t(i)).name == preselectedEventId) pick = i;
        d->event->setCurrentIndex(pick);
        if (d->event->count() == 0) d->event->setPlaceholderText(tr("No events yet: create one first"));
    } else {
        d->event->setPlaceholderText(asSentence(events.error().toString()));
    }

    auto fillCategories = [this] {
        d->category->clear();
        d->category->addItem(tr("(none)")); // no data: photos go in no category
        const QString id = d->event->currentData().toString();
        if (!id.isEmpty())
            if (auto cats = d->catalog.categories(id); cats.ok())
                for (const CategoryRecord& c : cats.value()) d->category->addItem(c.name, c.name);
        d->category->setEnabled(!id.isEmpty());
    };
    fillCategories();
    connect(d->event, &QComboBox::currentIndexChanged, this, [fillCategories, updateImportButton] {
        fillCategories();
        updateImportButton();
    });

    // Counting runs off the GUI thread (a card holds thousands of files, each one sniffed).
    auto showState = [this, updateImportButton] {
        const QLocale loc;
        switch (d->state) {
        case SourceState::Empty:
            d->count->setText(tr("Choose the folder or card to import from."));
            break;
        case SourceState::Counting:
            d->count->setText(tr("Counting image files…"));
            break;
        case SourceState::Missing:
            d->count->setText(d->paths.size() == 1 ? tr("This folder does not exist.")
                                                   : tr("Some of these do not exist."));
            break;
        case SourceState::NoImages:
            d->count->setText(tr("No image files here."));
            break;
        case SourceState::Ready:
            d->count->setText(d->fileCount == 1 ? tr("1 image file")
                                                : tr("%1 image files").arg(loc.toString(d->fileCount)));
            break;
        }
        updateImportButton();
    };
    auto count = [this, showState] {
        d->typingPause->stop();
        const quint64 generation = ++d->generation;
        if (d->paths.isEmpty()) {
            d->state = SourceState::Empty;
            showState();
            return;
        }
        d->state = SourceState::Counting;
        showState();
        auto* watcher = new QFutureWatcher<ImportFiles>(this);
        connect(watcher, &QFutureWatcher<ImportFiles>::finished, this, [this, watcher, generation, showState] {
            watcher->deleteLater();
            if (generation != d->generation) return;
            const ImportFiles found = watcher->result();
            d->fileCount = int(found.files.size());
            d->state = !found.missing.isEmpty() ? SourceState::Missing
                       : found.files.isEmpty()  ? SourceState::NoImages
                                                : SourceState::Ready;
            showState();
        });
        watcher->setFuture(QtConcurrent::run(scanPool(), [paths = d->paths] { return collectImportFiles(paths); }));
    };
    d->typingPause = new QTimer(this);
    d->typingPause->setSingleShot(true);
    d->typingPause->setInterval(300); // count once the typing pauses, not for every letter
    connect(d->typingPause, &QTimer::timeout, this, count);

    // Typing invalidates the count at once (Import is off until the new one is in).
    connect(d->source, &QLineEdit::textEdited, this, [this, showState](const QString& text) {
        const QString path = pathFromUserText(text);
        d->paths = path.isEmpty() ? QStringList() : QStringList{path};
        ++d->generation;
        d->state = d->paths.isEmpty() ? SourceState::Empty : SourceState::Counting;
        showState();
        if (d->paths.isEmpty())
            d->typingPause->stop();
        else
            d->typingPause->start();
    });
    connect(d->source, &QLineEdit::returnPressed, this, [this, count] {
        if (d->typingPause->isActive()) count();
    });
    d->countNow = count;
    connect(d->browse, &QPushButton::clicked, this, [this] {
        const QString current =
            d->paths.size() == 1 && QFileInfo(d->paths.first()).isDir() ? d->paths.first() : browseStart();
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Import from"), current);
        if (!dir.isEmpty()) setSourcePaths({dir});
    });

    showState();
    d->source->setFocus(Qt::OtherFocusReason);
    resize(sizeHint().expandedTo(QSize(560, 0)));
}

ImportDialog::~ImportDialog() {
    delete d;
}

ImportRequest ImportDialog::request() const {
    ImportRequest r;
    r.event = d->event->currentData().toString();
    r.category = d->category->currentData().toString();
    r.paths = d->paths;
    r.jobs = 0;
    return r;
}

void ImportDialog::setSourcePaths(const QStringList& paths) {
    d->paths.clear();
    for (const QString& p : paths)
        if (!p.trimmed().isEmpty()) d->paths << QDir::cleanPath(pathFromUserText(p));
    // Several paths (files dropped on the window) are shown as a list; typing over it starts again.
    d->source->setText(d->paths.join(QStringLiteral("; ")));
    d->source->setCursorPosition(0);
    d->countNow();
}

} // namespace pd::ui
