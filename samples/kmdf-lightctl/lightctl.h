/*
 * lightctl.h - Contoso Lighting Controller driver, private definitions.
 */
#ifndef CTSLIGHT_H
#define CTSLIGHT_H

#include <ntddk.h>
#include <wdf.h>
#include "public.h"

#define CTSLIGHT_LEDS_PER_ZONE      24

typedef struct _CTSLIGHT_DEVICE_CONTEXT {
    /* The sequential default queue serializes every IOCTL, so nothing
     * here needs a lock. */
    CTSLIGHT_ZONE_STATE Zones[CTSLIGHT_MAX_ZONES];
    ULONG GlobalBrightness;

    /* The uploaded effect, header included, as the firmware plays it. */
    UCHAR EffectData[CTSLIGHT_EFFECT_SLOT_BYTES];
    ULONG EffectLength;
    ULONG EffectId;
} CTSLIGHT_DEVICE_CONTEXT, *PCTSLIGHT_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTSLIGHT_DEVICE_CONTEXT, CtsLightGetDeviceContext)

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD CtsLightEvtDeviceAdd;

/* queue.c */
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL CtsLightEvtIoDeviceControl;

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
CtsLightResetZones(
    _Inout_ PCTSLIGHT_DEVICE_CONTEXT DeviceContext
    );

#endif /* CTSLIGHT_H */
