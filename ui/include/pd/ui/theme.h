// The studio's look: Fusion with a dark, neutral palette, so photos are judged against grey.
#pragma once

class QApplication;

namespace pd::ui {

// Call once, before any window is created.
void applyStudioTheme(QApplication& app);

} // namespace pd::ui
