/*
 * Microwasm applet SDK: the umbrella header of an applet (WAMR's name).
 * Brings in the request/response structures and the attribute container.
 */
#ifndef _LIB_AEE_H_
#define _LIB_AEE_H_

#include "bi-inc/shared_utils.h"
#include "bi-inc/attr_container.h"

#endif
