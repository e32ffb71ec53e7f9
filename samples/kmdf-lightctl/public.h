/*
 * public.h - Contoso Lighting Controller (ctslight.sys) user/kernel
 * interface.
 *
 * Shared by the driver and by the RGB lighting tray tool, which opens the
 * device through its device interface (SetupDiGetClassDevs with
 * GUID_DEVINTERFACE_CTSLIGHT). User-mode code includes <windows.h> and
 * <winioctl.h> first; the driver includes <ntddk.h> first. Structures use
 * fixed-size fields only, so 32-bit callers need no thunking.
 */
#ifndef CTSLIGHT_PUBLIC_H
#define CTSLIGHT_PUBLIC_H

#ifndef CTL_CODE
#error "include <winioctl.h> (user mode) or <ntddk.h> (kernel mode) before public.h"
#endif

/* {6D3A9F41-28B7-4C0E-9E15-3B8C72A4D610} */
DEFINE_GUID(GUID_DEVINTERFACE_CTSLIGHT,
            0x6d3a9f41, 0x28b7, 0x4c0e, 0x9e, 0x15, 0x3b, 0x8c, 0x72, 0xa4, 0xd6, 0x10);

/* Vendor device type; 0x8000-0xFFFF is reserved for non-Microsoft use. */
#define CTSLIGHT_DEVICE_TYPE        0x8A21

/* Function codes 0x800-0xFFF are reserved for non-Microsoft use. */
#define IOCTL_CTSLIGHT_GET_INFO \
    CTL_CODE(CTSLIGHT_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CTSLIGHT_SET_ZONE_COLOR \
    CTL_CODE(CTSLIGHT_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CTSLIGHT_GET_ZONE_TABLE \
    CTL_CODE(CTSLIGHT_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_CTSLIGHT_SET_BRIGHTNESS \
    CTL_CODE(CTSLIGHT_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CTSLIGHT_UPLOAD_EFFECT \
    CTL_CODE(CTSLIGHT_DEVICE_TYPE, 0x804, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_CTSLIGHT_RESET \
    CTL_CODE(CTSLIGHT_DEVICE_TYPE, 0x805, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define CTSLIGHT_INTERFACE_VERSION  2
#define CTSLIGHT_MAX_ZONES          8
#define CTSLIGHT_MAX_BRIGHTNESS     100
#define CTSLIGHT_EFFECT_SLOT_BYTES  1024    /* header included */

/* IOCTL_CTSLIGHT_GET_INFO output. */
typedef struct _CTSLIGHT_INFO {
    ULONG InterfaceVersion;
    ULONG ZoneCount;
    ULONG LedsPerZone;
    ULONG EffectSlotBytes;
} CTSLIGHT_INFO, *PCTSLIGHT_INFO;

/*
 * IOCTL_CTSLIGHT_SET_ZONE_COLOR input. Version 1 of the tray tool sends
 * CTSLIGHT_ZONE_COLOR_V1; version 2 added fades and sends
 * CTSLIGHT_ZONE_COLOR.
 */
typedef struct _CTSLIGHT_ZONE_COLOR_V1 {
    ULONG Zone;                 /* 0 .. CTSLIGHT_MAX_ZONES - 1 */
    UCHAR Red;
    UCHAR Green;
    UCHAR Blue;
    UCHAR Brightness;           /* percent */
} CTSLIGHT_ZONE_COLOR_V1, *PCTSLIGHT_ZONE_COLOR_V1;

typedef struct _CTSLIGHT_ZONE_COLOR {
    ULONG Zone;
    UCHAR Red;
    UCHAR Green;
    UCHAR Blue;
    UCHAR Brightness;
    ULONG TransitionMs;         /* v2: fade time, 0 for an immediate change */
} CTSLIGHT_ZONE_COLOR, *PCTSLIGHT_ZONE_COLOR;

/* One zone of the IOCTL_CTSLIGHT_GET_ZONE_TABLE output. */
typedef struct _CTSLIGHT_ZONE_STATE {
    UCHAR Red;
    UCHAR Green;
    UCHAR Blue;
    UCHAR Brightness;
    ULONG TransitionMs;
} CTSLIGHT_ZONE_STATE, *PCTSLIGHT_ZONE_STATE;

/* IOCTL_CTSLIGHT_GET_ZONE_TABLE output. */
typedef struct _CTSLIGHT_ZONE_TABLE {
    CTSLIGHT_ZONE_STATE Zones[CTSLIGHT_MAX_ZONES];
} CTSLIGHT_ZONE_TABLE, *PCTSLIGHT_ZONE_TABLE;

/*
 * IOCTL_CTSLIGHT_UPLOAD_EFFECT input: a header followed by FrameCount
 * frames of per-zone colors. The controller firmware plays the blob as is;
 * with the header it must fit in CTSLIGHT_EFFECT_SLOT_BYTES.
 */
typedef struct _CTSLIGHT_EFFECT {
    ULONG EffectId;
    ULONG FrameCount;
    UCHAR Data[1];
} CTSLIGHT_EFFECT, *PCTSLIGHT_EFFECT;

#endif /* CTSLIGHT_PUBLIC_H */
