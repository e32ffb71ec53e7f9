/*
 * dispatch.c - Contoso System Monitor driver: create/close, the
 * IRP_MJ_DEVICE_CONTROL dispatch routine, and the handler of the 1.x
 * service's protocol.
 */
#include "ctsmon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtsMonDispatchCreateClose)
#pragma alloc_text(PAGE, CtsMonDispatchDeviceControl)
#endif

/*
 * Completes Irp with Status and Information and returns Status, so that
 * dispatch routines can end with "return CtsMonCompleteRequest(...)".
 */
NTSTATUS
CtsMonCompleteRequest(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS
CtsMonDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PCTSMON_DEVICE_EXTENSION deviceExtension =
        (PCTSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION ioStack = IoGetCurrentIrpStackLocation(Irp);

    PAGED_CODE();

    switch (ioStack->MajorFunction) {
    case IRP_MJ_CREATE:
        InterlockedIncrement(&deviceExtension->OpenHandles);
        break;

    case IRP_MJ_CLOSE:
        InterlockedDecrement(&deviceExtension->OpenHandles);
        break;

    default:
        break;
    }

    return CtsMonCompleteRequest(Irp, STATUS_SUCCESS, 0);
}

/*
 * IOCTL_CTSMON_SUBMIT_SAMPLES_V1 (METHOD_NEITHER, input CTSMON_SAMPLE_BATCH_V1,
 * output ULONG): the 1.x service's protocol, which only ever updated the
 * latest reading of each sensor (1.x had no history).
 *
 * This handler was carried over from the 1.x driver, where it sat next to
 * the dispatch routine, when the current protocol (CtsMonIoctlSubmitSamples
 * in ioctl.c) was written. It still has three defects the new handler does
 * not: the reply buffer is probed outside the exception handler, the header
 * probe covers only the count (the 1.x header was a bare ULONG), and the
 * samples pointer from the header is copied from without a probe, so a
 * caller can make the driver read kernel memory into the sensor readings.
 */
static
NTSTATUS
CtsMonSubmitSamplesV1(
    _Inout_ PCTSMON_DEVICE_EXTENSION DeviceExtension,
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IoStack,
    _Out_ PULONG_PTR Information
    )
{
    PCTSMON_SAMPLE_BATCH_V1 userBatch =
        (PCTSMON_SAMPLE_BATCH_V1)IoStack->Parameters.DeviceIoControl.Type3InputBuffer;
    PULONG userAccepted = (PULONG)Irp->UserBuffer;
    PCTSMON_SAMPLE userSamples = NULL;
    PCTSMON_SAMPLE samples;
    ULONG count = 0;
    ULONG accepted = 0;
    ULONG i;
    KIRQL oldIrql;
    NTSTATUS status = STATUS_SUCCESS;

    *Information = 0;

    if (userBatch == NULL || userAccepted == NULL ||
        IoStack->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSMON_SAMPLE_BATCH_V1) ||
        IoStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }

    if (Irp->RequestorMode != KernelMode) {
        ProbeForWrite(userAccepted, sizeof(ULONG), sizeof(ULONG)); // drvcert-expect: user-memory-outside-try
    }

    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForRead(userBatch, sizeof(ULONG), sizeof(ULONG));
        }
        count = userBatch->Count;
        userSamples = userBatch->Samples; // drvcert-expect: probe-range-mismatch
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (count == 0 || count > CTSMON_MAX_BATCH_SAMPLES) {
        return STATUS_INVALID_PARAMETER;
    }

    samples = (PCTSMON_SAMPLE)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                              (SIZE_T)count * sizeof(CTSMON_SAMPLE),
                                              CTSMON_POOL_TAG);
    if (samples == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    __try {
        RtlCopyMemory(samples, userSamples, (SIZE_T)count * sizeof(CTSMON_SAMPLE)); // drvcert-expect: user-pointer-unprobed
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    /* 1.x services sent readings of sensors this board lacks; they are
     * skipped. */
    KeAcquireSpinLock(&DeviceExtension->SampleLock, &oldIrql);
    for (i = 0; i < count; i++) {
        if (samples[i].SensorId < CTSMON_MAX_SENSORS) {
            DeviceExtension->LatestReadings[samples[i].SensorId] = samples[i];
            accepted++;
        }
    }
    DeviceExtension->SamplesSubmitted += accepted;
    KeReleaseSpinLock(&DeviceExtension->SampleLock, oldIrql);

    __try {
        *userAccepted = accepted;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (NT_SUCCESS(status)) {
        *Information = sizeof(ULONG);
    }

Exit:
    ExFreePoolWithTag(samples, CTSMON_POOL_TAG);
    return status;
}

_Use_decl_annotations_
NTSTATUS
CtsMonDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PCTSMON_DEVICE_EXTENSION deviceExtension =
        (PCTSMON_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION ioStack = IoGetCurrentIrpStackLocation(Irp);
    ULONG ioControlCode = ioStack->Parameters.DeviceIoControl.IoControlCode;
    ULONG_PTR information = 0;
    NTSTATUS status;

    PAGED_CODE();

    switch (ioControlCode) {
    case IOCTL_CTSMON_GET_VERSION:
        status = CtsMonIoctlGetVersion(Irp, ioStack, &information);
        break;

    case IOCTL_CTSMON_GET_STATISTICS:
        status = CtsMonIoctlGetStatistics(deviceExtension, Irp, ioStack, &information);
        break;

    case IOCTL_CTSMON_SET_CONFIG:
        status = CtsMonIoctlSetConfig(deviceExtension, Irp, ioStack);
        break;

    case IOCTL_CTSMON_SUBMIT_SAMPLES:
        status = CtsMonIoctlSubmitSamples(deviceExtension, Irp, ioStack);
        break;

    case IOCTL_CTSMON_SUBMIT_SAMPLES_V1:
        status = CtsMonSubmitSamplesV1(deviceExtension, Irp, ioStack, &information);
        break;

    case IOCTL_CTSMON_READ_SAMPLES:
        status = CtsMonIoctlReadSamples(deviceExtension, Irp, ioStack, &information);
        break;

    default:
        KdPrint(("CtsMon: unknown IOCTL 0x%08X\n", ioControlCode));
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    /* A failed request returns no data to the caller. */
    if (!NT_SUCCESS(status)) {
        information = 0;
    }

    return CtsMonCompleteRequest(Irp, status, information);
}
