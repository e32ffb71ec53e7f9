// drvcert-test: rules=device-sddl-permissive
//
// KMDF: the SDDL of a PnP device (WdfDeviceInitAssignSDDLString in
// EvtDriverDeviceAdd) and of a control device (WdfControlDeviceInitAllocate).

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PadEvtDeviceAdd;

// Everyone gets FILE_ALL_ACCESS on the game pad's device.
DECLARE_CONST_UNICODE_STRING(PadSddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;FA;;;WD)");

NTSTATUS
PadEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    status = WdfDeviceInitAssignSDDLString(DeviceInit, &PadSddl); // expected-warning{{SDDL "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;FA;;;WD)" passed to 'WdfDeviceInitAssignSDDLString' grants full access to WD (everyone) in (A;;FA;;;WD)}}
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

// The control device for the configuration tool: everyone read, write and
// execute, per wdmsec.h's most open descriptor.
static NTSTATUS
PadCreateControlDevice(WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init;
    WDFDEVICE control;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX); // expected-warning{{SDDL SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RWX_RES_RWX passed to 'WdfControlDeviceInitAllocate' grants write access to WD (everyone)}}
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, PadEvtDeviceAdd);
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return PadCreateControlDevice(driver);
}
