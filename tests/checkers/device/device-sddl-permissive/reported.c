// drvcert-test: rules=device-sddl-permissive
//
// Security descriptors that let non-administrators write to a device, in a
// WDM "system monitor" driver that creates one device per feature. Each
// creation is reported where the descriptor is given.

#include <ntddk.h>
#include <wdmsec.h>

static const GUID GUID_DEVCLASS_CONTOSO_MONITOR =
    {0x0d7a6c21, 0x9e44, 0x4b0c, {0x86, 0x1f, 0x4b, 0x2e, 0x90, 0x73, 0xa5, 0x11}};

typedef struct _MON_GLOBALS {
    PDEVICE_OBJECT Sensors;
    PDEVICE_OBJECT Fans;
    PDEVICE_OBJECT Logger;
    PDEVICE_OBJECT Legacy;
    PDEVICE_OBJECT Settings;
} MON_GLOBALS;

static MON_GLOBALS MonGlobals;

DRIVER_INITIALIZE DriverEntry;

// wdmsec.h's world read/write descriptor: everyone may write.
static NTSTATUS
MonCreateSensorsDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MonSensors");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R, // expected-warning{{SDDL SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R passed to 'IoCreateDeviceSecure' grants write access to WD (everyone) in (A;;GRGW;;;WD), so everyone can open the device for writing and send it any IOCTL; grant write access only to SY and BA}}
                                &GUID_DEVCLASS_CONTOSO_MONITOR,
                                &MonGlobals.Sensors);
}

// Built-in users get generic all.
static NTSTATUS
MonCreateFansDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MonFans");
    UNICODE_STRING sddl = RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;GA;;;BU)");

    return WdmlibIoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                      FILE_DEVICE_SECURE_OPEN, FALSE,
                                      &sddl, // expected-warning{{grants full access to BU (any authenticated user) in (A;;GA;;;BU)}}
                                      &GUID_DEVCLASS_CONTOSO_MONITOR,
                                      &MonGlobals.Fans);
}

// A hex mask with FILE_WRITE_DATA for interactive users, set up with
// RtlInitUnicodeString.
static NTSTATUS
MonCreateLoggerDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name;
    UNICODE_STRING sddl;

    RtlInitUnicodeString(&name, L"\\Device\\MonLogger");
    RtlInitUnicodeString(&sddl, L"D:P(A;;GA;;;SY)(A;;0x120116;;;IU)");
    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &sddl, // expected-warning{{grants write access to IU (any authenticated user)}}
                                &GUID_DEVCLASS_CONTOSO_MONITOR,
                                &MonGlobals.Logger);
}

// No DACL at all: everyone gets everything.
static NTSTATUS
MonCreateLegacyDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MonLegacy");
    UNICODE_STRING sddl = RTL_CONSTANT_STRING(L"D:NO_ACCESS_CONTROL");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &sddl, // expected-warning{{SDDL "D:NO_ACCESS_CONTROL" passed to 'IoCreateDeviceSecure' has no DACL, which grants everyone full access to the device}}
                                &GUID_DEVCLASS_CONTOSO_MONITOR,
                                &MonGlobals.Legacy);
}

// An admin-only SDDL, but the system setup class: the class's registry
// descriptor replaces it.
static NTSTATUS
MonCreateSettingsDevice(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MonSettings");

    return IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE,
                                &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                &GUID_DEVCLASS_SYSTEM, // expected-warning{{'IoCreateDeviceSecure' is given the system setup class GUID_DEVCLASS_SYSTEM}}
                                &MonGlobals.Settings);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = MonCreateSensorsDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = MonCreateFansDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = MonCreateLoggerDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = MonCreateLegacyDevice(DriverObject);
    if (NT_SUCCESS(status))
        status = MonCreateSettingsDevice(DriverObject);
    return status;
}
