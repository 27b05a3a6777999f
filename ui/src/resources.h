// The ui library's resources (icons), registered once on first use.
#pragma once

namespace pd::ui {
void initResources();
}
