// A two-file WDM driver: the device is created in driver.c, the IOCTLs are
// handled in ioctl.c. The exposure of ioctl.c's findings comes from
// driver.c's device.
#include <ntddk.h>

#define IOCTL_EXPO_SET_LEVEL \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS)

typedef struct _EXPO_EXTENSION {
    ULONG Level;
} EXPO_EXTENSION, *PEXPO_EXTENSION;

DRIVER_DISPATCH ExpoDeviceControl;
