/*
 * driver.c - Contoso System Monitor driver: DriverEntry and DriverUnload.
 *
 * ctsmon.sys is a legacy (non-PnP) driver. It creates one named control
 * device that the Contoso monitoring service feeds with sensor samples and
 * that the tray tool reads, either the latest reading of each sensor
 * (ReadFile) or the sample history (IOCTL_CTSMON_READ_SAMPLES).
 */
#include "ctsmon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtsMonUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WCHAR deviceNameBuffer[CTSMON_MAX_NAME_CHARS];
    UNICODE_STRING deviceName;
    UNICODE_STRING symbolicLinkName = RTL_CONSTANT_STRING(CTSMON_DOS_DEVICE_NAME);
    PDEVICE_OBJECT deviceObject = NULL;
    PCTSMON_DEVICE_EXTENSION deviceExtension;
    PCTSMON_SAMPLE history;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("CtsMon: DriverEntry, version %u.%u.%u\n",
             CTSMON_VERSION_MAJOR, CTSMON_VERSION_MINOR, CTSMON_VERSION_BUILD));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtsMonDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtsMonDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = CtsMonDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtsMonDispatchDeviceControl;
    DriverObject->DriverUnload = CtsMonUnload;

    /* The NT device name is built in a local buffer; OEM builds used to
     * append the board revision to it. */
    wcscpy(deviceNameBuffer, CTSMON_NT_DEVICE_NAME); // drvcert-expect: banned-string-api
    RtlInitUnicodeString(&deviceName, deviceNameBuffer);

    status = IoCreateDevice(DriverObject, // drvcert-expect: device-namespace-unsecured
                            sizeof(CTSMON_DEVICE_EXTENSION),
                            &deviceName,
                            CTSMON_DEVICE_TYPE,
                            0,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CtsMon: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    deviceExtension = (PCTSMON_DEVICE_EXTENSION)deviceObject->DeviceExtension;
    RtlZeroMemory(deviceExtension, sizeof(*deviceExtension));
    deviceExtension->DeviceObject = deviceObject;
    deviceExtension->SampleIntervalMs = CTSMON_DEFAULT_INTERVAL_MS;
    deviceExtension->ConfigFlags = CTSMON_CONFIG_KEEP_HISTORY;
    KeInitializeSpinLock(&deviceExtension->SampleLock);

    /*
     * The history ring is touched with SampleLock held (DISPATCH_LEVEL), so
     * it has to come from nonpaged pool.
     */
    history = ExAllocatePoolWithTag(NonPagedPool, CTSMON_HISTORY_BYTES, CTSMON_POOL_TAG); // drvcert-expect: deprecated-pool-alloc
    if (history == NULL) {
        KdPrint(("CtsMon: cannot allocate the sample history\n"));
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Cleanup;
    }
    RtlZeroMemory(history, CTSMON_HISTORY_BYTES);
    deviceExtension->History = history;

    status = IoCreateSymbolicLink(&symbolicLinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CtsMon: IoCreateSymbolicLink failed 0x%08X\n", status));
        goto Cleanup;
    }
    deviceExtension->SymbolicLinkCreated = TRUE;

    /* Reads use direct I/O: the I/O manager locks the caller's buffer and
     * describes it with Irp->MdlAddress. */
    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;

Cleanup:
    if (deviceExtension->History != NULL) {
        ExFreePoolWithTag(deviceExtension->History, CTSMON_POOL_TAG);
        deviceExtension->History = NULL;
    }
    IoDeleteDevice(deviceObject);
    return status;
}

_Use_decl_annotations_
VOID
CtsMonUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING symbolicLinkName = RTL_CONSTANT_STRING(CTSMON_DOS_DEVICE_NAME);
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;
    PCTSMON_DEVICE_EXTENSION deviceExtension;

    PAGED_CODE();

    KdPrint(("CtsMon: unloading\n"));

    if (deviceObject == NULL) {
        return;
    }

    deviceExtension = (PCTSMON_DEVICE_EXTENSION)deviceObject->DeviceExtension;

    if (deviceExtension->SymbolicLinkCreated) {
        IoDeleteSymbolicLink(&symbolicLinkName);
        deviceExtension->SymbolicLinkCreated = FALSE;
    }

    if (deviceExtension->History != NULL) {
        ExFreePoolWithTag(deviceExtension->History, CTSMON_POOL_TAG);
        deviceExtension->History = NULL;
    }

    IoDeleteDevice(deviceObject);
}
