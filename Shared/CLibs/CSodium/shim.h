#ifndef DUBAN_CSODIUM_SHIM_H
#define DUBAN_CSODIUM_SHIM_H
#include <sodium.h>
#endif
