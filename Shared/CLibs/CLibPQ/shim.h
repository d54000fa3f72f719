#ifndef DUBAN_CLIBPQ_SHIM_H
#define DUBAN_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
