// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine benchmark: what the core costs a client, on the public API.
 *
 * Loading the module runs the figures named by the "figures" parameter and
 * logs one line per figure:
 *
 *	dma_bench: result <figure> <value> <unit>
 *
 * Values are guest nanoseconds per operation from ktime_get_ns(): under
 * QEMU with -icount shift=0 one nanosecond of guest time is one guest
 * instruction. Each figure is timed over several rounds and the cheapest
 * round is kept, which drops the rounds a timer interrupt landed in.
 *
 * The controllers are the software ones of dma-bench-provider.c: they
 * complete descriptors inside issue_pending and take them from a pool
 * allocated at load, so what is timed is the core, virt-dma and the
 * (shared) bench provider, not the slab allocator. Callbacks run from the
 * virt-dma tasklet; the bench issues with bottom halves disabled, so the
 * tasklet runs at local_bh_enable() on the issuing CPU rather than in
 * ksoftirqd after a context switch.
 *
 * The cpu_clock parameter, when read, gives guest time and the idle (and
 * iowait) time summed over online CPUs; the client-path figures of "make
 * bench" take the difference over a run as the instructions the guest
 * executed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kstrtox.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tick.h>
#include <linux/timekeeping.h>

#include "dma-bench.h"

/* Controllers carrying the slave maps of the request figure. */
#define BENCH_MAP_DEVS		64
/* Requests timed per round in the request figure. */
#define BENCH_REQUESTS		64
/* Descriptors queued on the channel the terminate figure stops. */
#define BENCH_BUSY_DESCS	8
/* Batch size of each thread in the threads figure. */
#define BENCH_THREAD_BATCH	8
/* Largest batch of the lifecycle figure. */
#define BENCH_MAX_BATCH		64
/* Descriptors per channel: a batch of 64 and another being freed. */
#define BENCH_POOL		(2 * BENCH_MAX_BATCH)
#define BENCH_NAME_LEN		12
#define BENCH_LEN		64

static char *figures = "lifecycle,phases,status,request,terminate,threads";
module_param(figures, charp, 0444);
MODULE_PARM_DESC(figures,
		 "Comma-separated figures to run at load: lifecycle, phases, status, request, terminate, threads (default all; empty for none)");

static unsigned int rounds = 15;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "Rounds per figure; the cheapest is reported (default 15)");

static unsigned int descs = 4096;
module_param(descs, uint, 0444);
MODULE_PARM_DESC(descs, "Descriptors per round of the descriptor figures, at least 64 (default 4096)");

static bool profile;
module_param(profile, bool, 0444);
MODULE_PARM_DESC(profile,
		 "Mark each figure's timed rounds for QEMU's insn-profile plugin (x86; make profile)");

/**
 * struct bench_ctx - what one timed client does and counts
 * @chan: its channel
 * @batch: descriptors submitted per issue_pending
 * @count: descriptors to run
 * @done: callbacks seen; written from the tasklet (softirq), on any CPU
 * @go: set by the leader to start threads together
 * @finished: completed by a thread when it has run @count descriptors
 * @err: first error a thread met, 0 if none
 */
struct bench_ctx {
	struct dma_chan *chan;
	unsigned int batch;
	unsigned int count;
	atomic_t done;
	atomic_t *go;
	struct completion finished;
	int err;
};

/* Module state, set up at load and torn down at unload or on error. */
static struct platform_device *bench_pdevs[BENCH_MAP_DEVS + 1];
static struct platform_device *bench_client;
static struct bench_dev *bench_main;
static bool bench_driver_registered;

/*
 * Profile windows. With profile=1 the timed rounds of each figure run
 * between two marker instructions that tools/testing/dmaengine/
 * insn-profile.c (a QEMU plugin) watches for; it counts the instructions
 * of every block run in between, and the log line names the window and
 * the operations it ran. The markers are no-ops ("nopl" with a magic
 * displacement) and are not executed unless profile=1.
 */
#ifdef CONFIG_X86
/* nopl 0x0d3a0001(%rax) and nopl 0x0d3a0002(%rax) */
#define BENCH_MARK_OPEN		".byte 0x0f, 0x1f, 0x80, 0x01, 0x00, 0x3a, 0x0d"
#define BENCH_MARK_CLOSE	".byte 0x0f, 0x1f, 0x80, 0x02, 0x00, 0x3a, 0x0d"
#else
#define BENCH_MARK_OPEN		""
#define BENCH_MARK_CLOSE	""
#endif

/* Windows closed so far, numbered in the log; figures and writers share it. */
static atomic_t bench_windows = ATOMIC_INIT(0);

static void bench_profile_open(void)
{
	if (profile)
		asm volatile(BENCH_MARK_OPEN);
}

static void bench_profile_close(const char *figure, u64 ops)
{
	if (!profile)
		return;
	asm volatile(BENCH_MARK_CLOSE);
	pr_info("profile window %d %s %llu ops\n",
		atomic_inc_return(&bench_windows) - 1, figure, ops);
}

/*
 * Profile windows around work outside the module (the client path of
 * "make profile"): writing "open" to the window parameter opens one,
 * writing "<name> <operations>" closes it. The markers run in the
 * writer's context, so the write's own syscall falls into the window.
 * Windows do not nest, and a close needs an open one. Writes come one at
 * a time (the kernel holds the module's parameter lock around .set), so
 * bench_window_open needs no lock of its own.
 */
static bool bench_window_open;

static int bench_window_close(const char *val)
{
	char name[32];
	const char *space = strchr(val, ' ');
	size_t len = space ? space - val : 0;
	u64 ops;

	if (!len || len >= sizeof(name) || kstrtou64(space + 1, 10, &ops) ||
	    !ops) {
		pr_debug("window: want \"<name> <operations>\", got \"%s\"\n",
			 val);
		return -EINVAL;
	}
	if (!bench_window_open) {
		pr_debug("window: close without an open window\n");
		return -EINVAL;
	}
	memcpy(name, val, len);
	name[len] = '\0';
	bench_profile_close(name, ops);
	bench_window_open = false;
	return 0;
}

static int bench_window_set(const char *val, const struct kernel_param *kp)
{
	if (!profile) {
		pr_debug("window: load with profile=1 first\n");
		return -EINVAL;
	}
	if (!sysfs_streq(val, "open"))
		return bench_window_close(val);
	if (bench_window_open) {
		pr_debug("window: one is open already\n");
		return -EBUSY;
	}
	bench_window_open = true;
	bench_profile_open();
	return 0;
}

static const struct kernel_param_ops bench_window_ops = {
	.set = bench_window_set,
};
module_param_cb(window, &bench_window_ops, NULL, 0200);
MODULE_PARM_DESC(window,
		 "With profile=1, write \"open\", then \"<name> <operations>\", around work to profile");

static bool bench_wanted(const char *figure)
{
	const char *p = figures;
	size_t len = strlen(figure);

	while (p && *p) {
		if (!strncmp(p, figure, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* Reports @ns spent on @ops operations, in tenths of a guest ns per op. */
static void bench_report(const char *figure, u64 ns, u64 ops, const char *unit)
{
	u64 tenths = div64_u64(ns * 10 + ops / 2, ops);

	pr_info("result %s %llu.%llu %s\n", figure, div_u64(tenths, 10),
		tenths % 10, unit);
}

/* Keeps the cheaper of two per-op costs, compared as ns/ops fractions. */
static void bench_keep_min(u64 *best_ns, u64 *best_ops, u64 ns, u64 ops)
{
	if (!*best_ops || ns * *best_ops < *best_ns * ops) {
		*best_ns = ns;
		*best_ops = ops;
	}
}

static void bench_callback(void *param)
{
	atomic_inc(&((struct bench_ctx *)param)->done);
}

/* Lets callbacks queued on this CPU's tasklet run, until @target is seen. */
static void bench_wait_done(struct bench_ctx *ctx, unsigned int target)
{
	while (atomic_read(&ctx->done) < target) {
		local_bh_disable();
		local_bh_enable();
		cpu_relax();
	}
}

static struct dma_async_tx_descriptor *bench_prep(struct dma_chan *chan,
						  struct bench_ctx *ctx)
{
	struct dma_async_tx_descriptor *tx;

	tx = dmaengine_prep_dma_memcpy(chan, 0, 0, BENCH_LEN,
				       DMA_PREP_INTERRUPT);
	if (!tx)
		return NULL;
	tx->callback = ctx ? bench_callback : NULL;
	tx->callback_param = ctx;
	return tx;
}

static void bench_issue(struct dma_chan *chan)
{
	local_bh_disable();
	dma_async_issue_pending(chan);
	local_bh_enable();
}

/* prep, submit, issue and callback for ctx->count descriptors. */
static int bench_lifecycle_run(struct bench_ctx *ctx)
{
	unsigned int sent = 0, i;

	atomic_set(&ctx->done, 0);
	while (sent < ctx->count) {
		for (i = 0; i < ctx->batch; i++) {
			struct dma_async_tx_descriptor *tx;

			tx = bench_prep(ctx->chan, ctx);
			if (!tx)
				return -ENOMEM;
			if (dma_submit_error(dmaengine_submit(tx)))
				return -EIO;
		}
		bench_issue(ctx->chan);
		sent += ctx->batch;
		bench_wait_done(ctx, sent);
	}
	return 0;
}

static struct dma_chan *bench_main_chan(unsigned int i)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	return dma_request_channel(mask, bench_filter,
				   &bench_main->chans[i].vc.chan);
}

static int bench_lifecycle(void)
{
	static const unsigned int batches[] = { 1, 8, BENCH_MAX_BATCH };
	struct bench_ctx ctx = {};
	char name[16];
	unsigned int b, r;
	int ret = 0;

	ctx.chan = bench_main_chan(0);
	if (!ctx.chan)
		return -ENODEV;
	for (b = 0; b < ARRAY_SIZE(batches) && !ret; b++) {
		u64 best_ns = 0, best_ops = 0;

		ctx.batch = batches[b];
		ctx.count = round_up(descs, ctx.batch);
		snprintf(name, sizeof(name), "lifecycle_b%u", ctx.batch);
		bench_profile_open();
		for (r = 0; r < rounds && !ret; r++) {
			u64 t0 = ktime_get_ns();

			ret = bench_lifecycle_run(&ctx);
			bench_keep_min(&best_ns, &best_ops,
				       ktime_get_ns() - t0, ctx.count);
		}
		bench_profile_close(name, (u64)rounds * ctx.count);
		if (!ret)
			bench_report(name, best_ns, best_ops, "ns/desc");
	}
	dma_release_channel(ctx.chan);
	return ret;
}

/* The phases of figure 1 at batch 1, timed one by one. */
enum bench_phase {
	BENCH_PREP,
	BENCH_SUBMIT,
	BENCH_ISSUE,
	BENCH_CALLBACK,
	BENCH_PHASES
};

static const char *const bench_phase_names[BENCH_PHASES] = {
	[BENCH_PREP] = "phase_prep",
	[BENCH_SUBMIT] = "phase_submit",
	[BENCH_ISSUE] = "phase_issue",
	[BENCH_CALLBACK] = "phase_callback",
};

/*
 * What one ktime_get_ns() read costs, to take out of each phase, in
 * 1/1024 ns: rounded to whole ns it would move every phase by up to one.
 */
static u64 bench_clock_cost(void)
{
	u64 best = U64_MAX, t0;
	unsigned int r, i;

	for (r = 0; r < rounds; r++) {
		t0 = ktime_get_ns();
		for (i = 0; i < descs; i++)
			ktime_get_ns();
		best = min(best, ktime_get_ns() - t0);
	}
	return div_u64(best << 10, descs + 1);
}

/* One round: @descs descriptors, each phase's time added to @ns. */
static int bench_phases_round(struct bench_ctx *ctx, u64 *ns)
{
	struct dma_async_tx_descriptor *tx;
	u64 t[BENCH_PHASES + 1];
	dma_cookie_t cookie;
	unsigned int i, p;

	atomic_set(&ctx->done, 0);
	for (i = 0; i < descs; i++) {
		t[BENCH_PREP] = ktime_get_ns();
		tx = bench_prep(ctx->chan, ctx);
		t[BENCH_SUBMIT] = ktime_get_ns();
		if (!tx)
			return -ENOMEM;
		cookie = dmaengine_submit(tx);
		t[BENCH_ISSUE] = ktime_get_ns();
		local_bh_disable();
		dma_async_issue_pending(ctx->chan);
		t[BENCH_CALLBACK] = ktime_get_ns();
		local_bh_enable();
		t[BENCH_PHASES] = ktime_get_ns();
		/* The callback has run by now, on this CPU. */
		if (dma_submit_error(cookie) || atomic_read(&ctx->done) != i + 1)
			return -EIO;
		for (p = 0; p < BENCH_PHASES; p++)
			ns[p] += t[p + 1] - t[p];
	}
	return 0;
}

/*
 * Where figure 1's time goes at batch 1: prep (and setting the callback),
 * submit, issue_pending (the provider completes the descriptor there),
 * and the callback (local_bh_enable() running the virt-dma tasklet, the
 * callback and the descriptor's release). The cost of the clock reads is
 * taken out, so the phases add up to a little less than lifecycle_b1.
 */
static int bench_phases(void)
{
	u64 best[BENCH_PHASES], ns[BENCH_PHASES], clock;
	struct bench_ctx ctx = { .batch = 1 };
	unsigned int r, p;
	int ret = 0;

	ctx.chan = bench_main_chan(0);
	if (!ctx.chan)
		return -ENODEV;
	clock = bench_clock_cost();
	for (p = 0; p < BENCH_PHASES; p++)
		best[p] = U64_MAX;
	bench_profile_open();
	for (r = 0; r < rounds && !ret; r++) {
		memset(ns, 0, sizeof(ns));
		ret = bench_phases_round(&ctx, ns);
		for (p = 0; p < BENCH_PHASES; p++)
			best[p] = min(best[p], ns[p]);
	}
	bench_profile_close("phases", (u64)rounds * descs);
	dma_release_channel(ctx.chan);
	if (ret)
		return ret;
	clock = (clock * descs) >> 10;
	for (p = 0; p < BENCH_PHASES; p++)
		bench_report(bench_phase_names[p],
			     best[p] - min(best[p], clock), descs, "ns/desc");
	return 0;
}

/* Times @descs tx_status calls on @cookie, best of the rounds. */
static void bench_status_poll(struct dma_chan *chan, dma_cookie_t cookie,
			      const char *figure)
{
	u64 best_ns = 0, best_ops = 0;
	struct dma_tx_state state;
	unsigned int r, i;

	bench_profile_open();
	for (r = 0; r < rounds; r++) {
		u64 t0 = ktime_get_ns();

		for (i = 0; i < descs; i++)
			dmaengine_tx_status(chan, cookie, &state);
		bench_keep_min(&best_ns, &best_ops, ktime_get_ns() - t0,
			       descs);
	}
	bench_profile_close(figure, (u64)rounds * descs);
	bench_report(figure, best_ns, best_ops, "ns/call");
}

static int bench_status(void)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	int ret = -ENOMEM;

	chan = bench_main_chan(0);
	if (!chan)
		return -ENODEV;
	/* In flight: issued on a stalled channel, so the provider looks it up. */
	bench_chan_stall(chan, true);
	tx = bench_prep(chan, NULL);
	if (!tx)
		goto out;
	cookie = dmaengine_submit(tx);
	bench_issue(chan);
	ret = -EIO;
	if (dmaengine_tx_status(chan, cookie, &state) != DMA_IN_PROGRESS ||
	    state.residue != BENCH_LEN)
		goto out;
	bench_status_poll(chan, cookie, "status_inflight");

	local_bh_disable();
	bench_chan_stall(chan, false);
	local_bh_enable();
	if (dmaengine_tx_status(chan, cookie, NULL) != DMA_COMPLETE)
		goto out;
	bench_status_poll(chan, cookie, "status_complete");
	ret = 0;
out:
	bench_chan_stall(chan, false);
	dmaengine_terminate_sync(chan);
	dma_release_channel(chan);
	return ret;
}

static int bench_terminate_round(struct dma_chan *chan, u64 *ns)
{
	unsigned int i, j;

	*ns = 0;
	for (i = 0; i < descs / BENCH_BUSY_DESCS; i++) {
		u64 t0;

		for (j = 0; j < BENCH_BUSY_DESCS; j++) {
			struct dma_async_tx_descriptor *tx;

			tx = bench_prep(chan, NULL);
			if (!tx)
				return -ENOMEM;
			dmaengine_submit(tx);
		}
		bench_issue(chan);
		t0 = ktime_get_ns();
		dmaengine_terminate_sync(chan);
		*ns += ktime_get_ns() - t0;
	}
	return 0;
}

static int bench_terminate(void)
{
	u64 best_ns = 0, best_ops = 0, ns;
	struct dma_chan *chan;
	unsigned int r;
	int ret = 0;

	chan = bench_main_chan(0);
	if (!chan)
		return -ENODEV;
	bench_chan_stall(chan, true);
	bench_profile_open();
	for (r = 0; r < rounds && !ret; r++) {
		ret = bench_terminate_round(chan, &ns);
		bench_keep_min(&best_ns, &best_ops, ns,
			       descs / BENCH_BUSY_DESCS);
	}
	bench_profile_close("terminate_sync",
			    (u64)rounds * (descs / BENCH_BUSY_DESCS));
	bench_chan_stall(chan, false);
	dma_release_channel(chan);
	if (!ret)
		bench_report("terminate_sync", best_ns, best_ops, "ns/call");
	return ret;
}

static int bench_thread(void *data)
{
	struct bench_ctx *ctx = data;

	while (!atomic_read(ctx->go))
		cpu_relax();
	ctx->err = bench_lifecycle_run(ctx);
	complete(&ctx->finished);
	return 0;
}

/* One round: two threads on CPUs 0 and 1, on chans[0] and chans[1]. */
static int bench_threads_round(struct dma_chan *chans[2], u64 *ns)
{
	struct bench_ctx ctx[2] = {};
	atomic_t go = ATOMIC_INIT(0);
	struct task_struct *task;
	unsigned int i;
	u64 t0;

	for (i = 0; i < 2; i++) {
		ctx[i].chan = chans[i];
		ctx[i].batch = BENCH_THREAD_BATCH;
		ctx[i].count = round_up(descs, BENCH_THREAD_BATCH);
		ctx[i].go = &go;
		init_completion(&ctx[i].finished);
		task = kthread_create_on_cpu(bench_thread, &ctx[i], i,
					     "dma_bench/%u");
		if (IS_ERR(task)) {
			/* The first thread must not spin forever. */
			atomic_set(&go, 1);
			if (i)
				wait_for_completion(&ctx[0].finished);
			return PTR_ERR(task);
		}
		wake_up_process(task);
	}
	t0 = ktime_get_ns();
	atomic_set(&go, 1);
	wait_for_completion(&ctx[0].finished);
	wait_for_completion(&ctx[1].finished);
	*ns = ktime_get_ns() - t0;
	return ctx[0].err ?: ctx[1].err;
}

static int bench_threads_case(struct dma_chan *chans[2], const char *figure)
{
	u64 best_ns = 0, best_ops = 0, ns;
	unsigned int r;
	int ret = 0;

	bench_profile_open();
	for (r = 0; r < rounds && !ret; r++) {
		ret = bench_threads_round(chans, &ns);
		bench_keep_min(&best_ns, &best_ops, ns,
			       2 * round_up(descs, BENCH_THREAD_BATCH));
	}
	bench_profile_close(figure,
			    (u64)rounds * 2 * round_up(descs, BENCH_THREAD_BATCH));
	if (!ret)
		bench_report(figure, best_ns, best_ops, "ns/desc");
	return ret;
}

static int bench_threads(void)
{
	struct dma_chan *chans[2];
	int ret;

	if (!cpu_online(0) || !cpu_online(1)) {
		pr_info("threads: needs CPUs 0 and 1 online, skipped\n");
		return 0;
	}
	chans[0] = bench_main_chan(0);
	if (!chans[0])
		return -ENODEV;
	chans[1] = chans[0];
	ret = bench_threads_case(chans, "threads_one_chan");
	chans[1] = bench_main_chan(1);
	if (!chans[1]) {
		ret = ret ?: -ENODEV;
	} else {
		ret = ret ?: bench_threads_case(chans, "threads_two_chans");
		dma_release_channel(chans[1]);
	}
	dma_release_channel(chans[0]);
	return ret;
}

/**
 * struct bench_map - a slave map spread over BENCH_MAP_DEVS controllers
 * @devs: the controllers, one channel each
 * @map: @size entries; device d carries entries [d*size/N, (d+1)*size/N)
 * @names: channel names of the entries, "s<index>"
 * @size: entries in @map
 */
struct bench_map {
	struct bench_dev *devs[BENCH_MAP_DEVS];
	struct dma_slave_map *map;
	char *names;
	unsigned int size;
};

static void bench_map_destroy(struct bench_map *bm)
{
	unsigned int d;

	for (d = 0; d < BENCH_MAP_DEVS; d++)
		if (bm->devs[d])
			bench_dev_destroy(bm->devs[d]);
	kvfree(bm->map);
	kvfree(bm->names);
}

static int bench_map_build(struct bench_map *bm)
{
	unsigned int d, i;
	int ret;

	bm->map = kvcalloc(bm->size, sizeof(*bm->map), GFP_KERNEL);
	bm->names = kvcalloc(bm->size, BENCH_NAME_LEN, GFP_KERNEL);
	if (!bm->map || !bm->names)
		return -ENOMEM;
	for (d = 0; d < BENCH_MAP_DEVS; d++) {
		unsigned int first = d * bm->size / BENCH_MAP_DEVS;
		unsigned int end = (d + 1) * bm->size / BENCH_MAP_DEVS;

		bm->devs[d] = bench_dev_alloc(&bench_pdevs[d]->dev, 1, 0);
		if (!bm->devs[d])
			return -ENOMEM;
		for (i = first; i < end; i++) {
			char *name = bm->names + i * BENCH_NAME_LEN;

			snprintf(name, BENCH_NAME_LEN, "s%u", i);
			bm->map[i].devname = dev_name(&bench_client->dev);
			bm->map[i].slave = name;
			bm->map[i].param = &bm->devs[d]->chans[0].vc.chan;
		}
		ret = bench_dev_register(bm->devs[d], bm->map + first,
					 end - first);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * The names requested: one per device that has entries (all of them, from
 * 64 entries on), each the middle entry of its device's slice, so that a
 * linear search sees the average position.
 */
static const char *bench_map_target(struct bench_map *bm, unsigned int k)
{
	unsigned int spread = min_t(unsigned int, bm->size, BENCH_MAP_DEVS);
	unsigned int slice = bm->size / spread;
	unsigned int i = (k % spread) * slice + slice / 2;

	return bm->names + i * BENCH_NAME_LEN;
}

static int bench_request_size(unsigned int size)
{
	struct bench_map bm = { .size = size };
	u64 best_ns = 0, best_ops = 0;
	char figure[24];
	unsigned int r, k;
	int ret;

	ret = bench_map_build(&bm);
	snprintf(figure, sizeof(figure), "request_%u", size);
	bench_profile_open();
	for (r = 0; r < rounds && !ret; r++) {
		u64 t0;

		/*
		 * sysfs frees what the last round's releases removed after an
		 * RCU grace period. Done before the round, each round reuses
		 * that memory instead of growing the slabs by a boot-dependent
		 * amount.
		 */
		rcu_barrier();
		t0 = ktime_get_ns();
		for (k = 0; k < BENCH_REQUESTS; k++) {
			struct dma_chan *chan;

			chan = dma_request_chan(&bench_client->dev,
						bench_map_target(&bm, k));
			if (IS_ERR(chan)) {
				ret = PTR_ERR(chan);
				break;
			}
			dma_release_channel(chan);
		}
		bench_keep_min(&best_ns, &best_ops, ktime_get_ns() - t0,
			       BENCH_REQUESTS);
	}
	bench_profile_close(figure, (u64)rounds * BENCH_REQUESTS);
	bench_map_destroy(&bm);
	if (!ret)
		bench_report(figure, best_ns, best_ops, "ns/request+release");
	return ret;
}

static int bench_request(void)
{
	static const unsigned int sizes[] = { 1, 64, 4096 };
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(sizes) && !ret; i++)
		ret = bench_request_size(sizes[i]);
	return ret;
}

static const struct {
	const char *name;
	int (*run)(void);
} bench_figures[] = {
	{ "lifecycle", bench_lifecycle },
	{ "phases", bench_phases },
	{ "status", bench_status },
	{ "request", bench_request },
	{ "terminate", bench_terminate },
	{ "threads", bench_threads },
};

/* Every name in the figures parameter must be one of bench_figures. */
static bool bench_figures_valid(void)
{
	const char *p = figures;
	unsigned int i;
	size_t len;

	while (p && *p) {
		len = strchrnul(p, ',') - p;
		for (i = 0; i < ARRAY_SIZE(bench_figures); i++)
			if (strlen(bench_figures[i].name) == len &&
			    !strncmp(p, bench_figures[i].name, len))
				break;
		if (i == ARRAY_SIZE(bench_figures)) {
			pr_err("unknown figure '%.*s' in figures=\n", (int)len,
			       p);
			return false;
		}
		p += len;
		if (*p)
			p++;
	}
	return true;
}

/*
 * "<guest ns> <idle ns summed over online CPUs> <online CPUs>". Idle
 * includes iowait: a CPU with a task waiting for I/O is idle all the same.
 */
static int bench_clock_get(char *buf, const struct kernel_param *kp)
{
	u64 now = ktime_get_ns(), idle = 0, us, io_us;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		us = get_cpu_idle_time_us(cpu, NULL);
		io_us = get_cpu_iowait_time_us(cpu, NULL);
		/* Until the tick has switched to NO_HZ mode. */
		if (us == (u64)-1 || io_us == (u64)-1)
			return -EAGAIN;
		idle += (us + io_us) * NSEC_PER_USEC;
	}
	return scnprintf(buf, PAGE_SIZE, "%llu %llu %u\n", now, idle,
			 num_online_cpus());
}

static const struct kernel_param_ops bench_clock_ops = {
	.get = bench_clock_get,
};
module_param_cb(cpu_clock, &bench_clock_ops, NULL, 0444);
MODULE_PARM_DESC(cpu_clock,
		 "Read: guest ns, idle and iowait ns summed over online CPUs, online CPUs (needs NO_HZ)");

/* The controllers' devices must be bound: the core takes the driver's owner. */
static int bench_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver bench_driver = {
	.probe = bench_probe,
	.driver = { .name = "dma_bench" },
};

static void bench_teardown(void)
{
	unsigned int i;

	if (bench_main)
		bench_dev_destroy(bench_main);
	bench_main = NULL;
	for (i = 0; i < ARRAY_SIZE(bench_pdevs); i++) {
		if (!IS_ERR_OR_NULL(bench_pdevs[i]))
			platform_device_unregister(bench_pdevs[i]);
		bench_pdevs[i] = NULL;
	}
	if (!IS_ERR_OR_NULL(bench_client))
		platform_device_unregister(bench_client);
	bench_client = NULL;
	if (bench_driver_registered)
		platform_driver_unregister(&bench_driver);
	bench_driver_registered = false;
}

static int bench_setup(void)
{
	unsigned int i;
	int ret;

	ret = platform_driver_register(&bench_driver);
	if (ret)
		return ret;
	bench_driver_registered = true;
	bench_client = platform_device_register_simple("dma_bench_client",
						       PLATFORM_DEVID_NONE,
						       NULL, 0);
	if (IS_ERR(bench_client))
		return PTR_ERR(bench_client);
	for (i = 0; i < ARRAY_SIZE(bench_pdevs); i++) {
		bench_pdevs[i] = platform_device_register_simple("dma_bench", i,
								 NULL, 0);
		if (IS_ERR(bench_pdevs[i]))
			return PTR_ERR(bench_pdevs[i]);
	}
	/* The last device carries the controller of the channel figures. */
	bench_main = bench_dev_alloc(&bench_pdevs[BENCH_MAP_DEVS]->dev, 2,
				     BENCH_POOL);
	if (!bench_main)
		return -ENOMEM;
	return bench_dev_register(bench_main, NULL, 0);
}

static int __init bench_init(void)
{
	unsigned int i;
	int ret;

	if (!bench_figures_valid())
		return -EINVAL;
	if (profile && !IS_ENABLED(CONFIG_X86)) {
		pr_err("profile=1: the window markers exist on x86 only\n");
		return -EOPNOTSUPP;
	}
	/* Every figure needs one whole batch of the largest size. */
	if (!rounds || descs < BENCH_MAX_BATCH) {
		pr_err("rounds must be at least 1 and descs at least %u\n",
		       BENCH_MAX_BATCH);
		return -EINVAL;
	}
	ret = bench_setup();
	if (ret) {
		pr_err("setup failed: %d\n", ret);
		bench_teardown();
		return ret;
	}
	pr_info("unit: guest ns (one guest instruction each at icount shift=0); best of %u rounds of %u\n",
		rounds, descs);
	for (i = 0; i < ARRAY_SIZE(bench_figures); i++) {
		if (!bench_wanted(bench_figures[i].name))
			continue;
		ret = bench_figures[i].run();
		if (ret) {
			pr_err("figure %s failed: %d\n", bench_figures[i].name,
			       ret);
			bench_teardown();
			return ret;
		}
	}
	pr_info("done\n");
	return 0;
}
module_init(bench_init);

static void __exit bench_exit(void)
{
	bench_teardown();
}
module_exit(bench_exit);

MODULE_DESCRIPTION("dmaengine benchmark with a zero-latency software controller");
MODULE_LICENSE("GPL");
