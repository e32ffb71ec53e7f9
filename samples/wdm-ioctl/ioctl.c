/*
 * ioctl.c - Contoso System Monitor driver: one handler per IOCTL.
 *
 * Every handler runs at PASSIVE_LEVEL in the context of the calling thread
 * (the device is a top-level legacy device, so nothing sits above us).
 */
#include "ctsmon.h"
#include <ntstrsafe.h>

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtsMonIoctlGetVersion)
#endif

/*
 * Appends one sample to the history ring, overwriting the oldest sample
 * when the ring is full. Caller holds SampleLock.
 */
static
VOID
CtsMonHistoryAppend(
    _Inout_ PCTSMON_DEVICE_EXTENSION DeviceExtension,
    _In_ const CTSMON_SAMPLE *Sample
    )
{
    DeviceExtension->History[DeviceExtension->HistoryHead] = *Sample;
    DeviceExtension->HistoryHead =
        (DeviceExtension->HistoryHead + 1) % CTSMON_HISTORY_CAPACITY;

    if (DeviceExtension->HistoryCount == CTSMON_HISTORY_CAPACITY) {
        DeviceExtension->HistoryTail =
            (DeviceExtension->HistoryTail + 1) % CTSMON_HISTORY_CAPACITY;
        DeviceExtension->SamplesDropped++;
    } else {
        DeviceExtension->HistoryCount++;
    }
}

/* IOCTL_CTSMON_GET_VERSION (METHOD_BUFFERED, output CTSMON_VERSION_INFO). */
_Use_decl_annotations_
NTSTATUS
CtsMonIoctlGetVersion(
    PIRP Irp,
    PIO_STACK_LOCATION IoStack,
    PULONG_PTR Information
    )
{
    PCTSMON_VERSION_INFO versionInfo;
    NTSTATUS status;

    PAGED_CODE();

    *Information = 0;

    if (IoStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSMON_VERSION_INFO)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    /* METHOD_BUFFERED: input and output share Irp->AssociatedIrp.SystemBuffer. */
    versionInfo = (PCTSMON_VERSION_INFO)Irp->AssociatedIrp.SystemBuffer;
    RtlZeroMemory(versionInfo, sizeof(*versionInfo));

    versionInfo->Major = CTSMON_VERSION_MAJOR;
    versionInfo->Minor = CTSMON_VERSION_MINOR;
    versionInfo->Build = CTSMON_VERSION_BUILD;

    status = RtlStringCbPrintfW(versionInfo->Description,
                                sizeof(versionInfo->Description),
                                L"Contoso System Monitor %u.%u.%u",
                                CTSMON_VERSION_MAJOR,
                                CTSMON_VERSION_MINOR,
                                CTSMON_VERSION_BUILD);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    *Information = sizeof(*versionInfo);
    return STATUS_SUCCESS;
}

/* IOCTL_CTSMON_GET_STATISTICS (METHOD_BUFFERED, output CTSMON_STATISTICS). */
_Use_decl_annotations_
NTSTATUS
CtsMonIoctlGetStatistics(
    PCTSMON_DEVICE_EXTENSION DeviceExtension,
    PIRP Irp,
    PIO_STACK_LOCATION IoStack,
    PULONG_PTR Information
    )
{
    PCTSMON_STATISTICS statistics;
    KIRQL oldIrql;

    *Information = 0;

    if (IoStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CTSMON_STATISTICS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    statistics = (PCTSMON_STATISTICS)Irp->AssociatedIrp.SystemBuffer;
    RtlZeroMemory(statistics, sizeof(*statistics));

    KeAcquireSpinLock(&DeviceExtension->SampleLock, &oldIrql);
    statistics->SamplesSubmitted = DeviceExtension->SamplesSubmitted;
    statistics->SamplesDropped = DeviceExtension->SamplesDropped;
    statistics->ReadRequests = DeviceExtension->ReadRequests;
    statistics->HistoryCount = DeviceExtension->HistoryCount;
    KeReleaseSpinLock(&DeviceExtension->SampleLock, oldIrql);

    statistics->OpenHandles = (ULONG)DeviceExtension->OpenHandles;

    *Information = sizeof(*statistics);
    return STATUS_SUCCESS;
}

/* IOCTL_CTSMON_SET_CONFIG (METHOD_BUFFERED, input CTSMON_CONFIG). */
_Use_decl_annotations_
NTSTATUS
CtsMonIoctlSetConfig(
    PCTSMON_DEVICE_EXTENSION DeviceExtension,
    PIRP Irp,
    PIO_STACK_LOCATION IoStack
    )
{
    PCTSMON_CONFIG config;
    WCHAR logTag[CTSMON_MAX_TAG_CHARS];
    KIRQL oldIrql;
    NTSTATUS status;

    if (IoStack->Parameters.DeviceIoControl.InputBufferLength < sizeof(CTSMON_CONFIG)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    config = (PCTSMON_CONFIG)Irp->AssociatedIrp.SystemBuffer;

    if (config->SampleIntervalMs < CTSMON_MIN_INTERVAL_MS ||
        config->SampleIntervalMs > CTSMON_MAX_INTERVAL_MS ||
        (config->Flags & ~CTSMON_CONFIG_VALID_FLAGS) != 0) {
        return STATUS_INVALID_PARAMETER;
    }

    /* The tag comes straight from the caller and need not be terminated. */
    config->LogTag[RTL_NUMBER_OF(config->LogTag) - 1] = L'\0';
    status = RtlStringCbCopyW(logTag, sizeof(logTag), config->LogTag);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeAcquireSpinLock(&DeviceExtension->SampleLock, &oldIrql);
    DeviceExtension->SampleIntervalMs = config->SampleIntervalMs;
    DeviceExtension->ConfigFlags = config->Flags;
    RtlCopyMemory(DeviceExtension->LogTag, logTag, sizeof(DeviceExtension->LogTag));
    KeReleaseSpinLock(&DeviceExtension->SampleLock, oldIrql);

    KdPrint(("CtsMon: interval %lu ms, flags 0x%lX, tag \"%ws\"\n",
             config->SampleIntervalMs, config->Flags, logTag));
    return STATUS_SUCCESS;
}

/*
 * IOCTL_CTSMON_SUBMIT_SAMPLES (METHOD_NEITHER, input CTSMON_SAMPLE_BATCH).
 *
 * Type3InputBuffer is the caller's own address. It is only valid in the
 * caller's process context (we run in it: the I/O manager calls us directly
 * from NtDeviceIoControlFile) and another thread of the caller can change or
 * free it at any time: it is probed and read only inside __try, and what it
 * holds is captured (the count into a local, the samples into pool) before
 * it is validated.
 */
_Use_decl_annotations_
NTSTATUS
CtsMonIoctlSubmitSamples(
    PCTSMON_DEVICE_EXTENSION DeviceExtension,
    PIRP Irp,
    PIO_STACK_LOCATION IoStack
    )
{
    PCTSMON_SAMPLE_BATCH userBatch =
        (PCTSMON_SAMPLE_BATCH)IoStack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inputLength = IoStack->Parameters.DeviceIoControl.InputBufferLength;
    PCTSMON_SAMPLE samples;
    SIZE_T samplesBytes;
    ULONG count = 0;
    ULONG i;
    KIRQL oldIrql;
    NTSTATUS status = STATUS_SUCCESS;

    if (userBatch == NULL || inputLength < (ULONG)FIELD_OFFSET(CTSMON_SAMPLE_BATCH, Samples)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        if (Irp->RequestorMode != KernelMode) {
            ProbeForRead(userBatch, inputLength, TYPE_ALIGNMENT(CTSMON_SAMPLE_BATCH));
        }
        count = userBatch->Count;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (count == 0 || count > CTSMON_MAX_BATCH_SAMPLES) {
        return STATUS_INVALID_PARAMETER;
    }

    /* count is bounded above, so this cannot overflow. */
    samplesBytes = (SIZE_T)count * sizeof(CTSMON_SAMPLE);
    if (inputLength - (ULONG)FIELD_OFFSET(CTSMON_SAMPLE_BATCH, Samples) < samplesBytes) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    samples = (PCTSMON_SAMPLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, samplesBytes, CTSMON_POOL_TAG);
    if (samples == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    __try {
        RtlCopyMemory(samples, userBatch->Samples, samplesBytes);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    /* Validate the captured copy, never the caller's buffer. */
    for (i = 0; i < count; i++) {
        if (samples[i].SensorId >= CTSMON_MAX_SENSORS) {
            status = STATUS_INVALID_PARAMETER;
            goto Exit;
        }
    }

    KeAcquireSpinLock(&DeviceExtension->SampleLock, &oldIrql);
    for (i = 0; i < count; i++) {
        DeviceExtension->LatestReadings[samples[i].SensorId] = samples[i];
        if (DeviceExtension->ConfigFlags & CTSMON_CONFIG_KEEP_HISTORY) {
            CtsMonHistoryAppend(DeviceExtension, &samples[i]);
        }
    }
    DeviceExtension->SamplesSubmitted += count;
    KeReleaseSpinLock(&DeviceExtension->SampleLock, oldIrql);

Exit:
    ExFreePoolWithTag(samples, CTSMON_POOL_TAG);
    return status;
}

/*
 * IOCTL_CTSMON_READ_SAMPLES (METHOD_OUT_DIRECT, output CTSMON_SAMPLE array).
 * Drains the history ring, oldest sample first.
 */
_Use_decl_annotations_
NTSTATUS
CtsMonIoctlReadSamples(
    PCTSMON_DEVICE_EXTENSION DeviceExtension,
    PIRP Irp,
    PIO_STACK_LOCATION IoStack,
    PULONG_PTR Information
    )
{
    ULONG outputLength = IoStack->Parameters.DeviceIoControl.OutputBufferLength;
    PCTSMON_SAMPLE output;
    ULONG maxSamples;
    ULONG copied = 0;
    KIRQL oldIrql;

    *Information = 0;

    /* The I/O manager has probed and locked the output buffer and described
     * it with Irp->MdlAddress; there is no MDL for an empty buffer. */
    if (outputLength < sizeof(CTSMON_SAMPLE) || Irp->MdlAddress == NULL) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    /* Mapping into system space can fail when PTEs run low. */
    output = (PCTSMON_SAMPLE)MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                                          NormalPagePriority | MdlMappingNoExecute);
    if (output == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    maxSamples = outputLength / sizeof(CTSMON_SAMPLE);

    KeAcquireSpinLock(&DeviceExtension->SampleLock, &oldIrql);
    while (copied < maxSamples && DeviceExtension->HistoryCount > 0) {
        output[copied] = DeviceExtension->History[DeviceExtension->HistoryTail];
        DeviceExtension->HistoryTail =
            (DeviceExtension->HistoryTail + 1) % CTSMON_HISTORY_CAPACITY;
        DeviceExtension->HistoryCount--;
        copied++;
    }
    KeReleaseSpinLock(&DeviceExtension->SampleLock, oldIrql);

    *Information = (ULONG_PTR)copied * sizeof(CTSMON_SAMPLE);
    return STATUS_SUCCESS;
}
