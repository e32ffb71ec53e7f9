/*
 * driver.c - Contoso Hardware Utility driver: DriverEntry and DriverUnload.
 *
 * ctshw.sys is a legacy (non-PnP) driver: DriverEntry creates one named
 * control device and a symbolic link so that HwUtil.exe can open
 * \\.\CtsHwUtil. It was cloned from a "direct hardware access" sample, as
 * many utility drivers are.
 */
#include "hwutil.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtsHwUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(CTSHW_NT_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CTSHW_DOS_DEVICE_NAME);
    PDEVICE_OBJECT deviceObject = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtsHwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtsHwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtsHwDispatchDeviceControl;
    DriverObject->DriverUnload = CtsHwUnload;

    /* The default security descriptor: every user can open the device. */
    status = IoCreateDevice(DriverObject, 0, &deviceName, CTSHW_DEVICE_TYPE, // drvcert-expect: device-namespace-unsecured, dangerous-ioctl-exposure
                            0, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }
    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CtsHwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(CTSHW_DOS_DEVICE_NAME);

    IoDeleteSymbolicLink(&linkName);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}
