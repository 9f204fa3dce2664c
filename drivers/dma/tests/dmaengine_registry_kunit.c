// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: the registry under pressure. A client releasing its channel
 * while the provider unregisters, a request racing an unregister, the
 * public channel table while a channel is hot-removed, and a provider that
 * frees itself from device_release().
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>
#include <linux/kernfs.h>
#include <linux/workqueue.h>

#include "../dmaengine.h"
#include "dmaengine_test_provider.h"

#define RACE_ROUNDS	40
#define SPIN_LIMIT_MS	2000

/*
 * Waits, busily, for @cond: the window the race cases aim at is a few
 * hundred instructions wide.
 */
#define spin_until(cond) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(SPIN_LIMIT_MS);\
	bool __met;							\
	while (!(__met = (cond)) && time_before(jiffies, __end))	\
		cpu_relax();						\
	__met;								\
})

static bool done_within(struct completion *c, unsigned int ms)
{
	return wait_for_completion_timeout(c, msecs_to_jiffies(ms));
}

struct racer {
	struct work_struct work;
	struct dma_chan *chan;
	struct device *client;
	struct dma_chan *got;
	bool on_time;
	struct work_struct unregister;
	struct dma_device *device;
	struct completion in_alloc;
	int (*alloc)(struct dma_chan *chan);
};

/* Lets go of the channel the moment unregistration has marked it dead. */
static void release_when_dead(struct work_struct *work)
{
	struct racer *r = container_of(work, struct racer, work);

	r->on_time = spin_until(!READ_ONCE(r->chan->local));
	dma_release_channel(r->chan);
}

static void release_racing_unregister(struct kunit *test)
{
	struct racer *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int round, late = 0;
	struct tdma_dev *td;

	KUNIT_ASSERT_NOT_NULL(test, r);
#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "aims at a window of our core's unregister path");
#endif
	for (round = 0; round < RACE_ROUNDS; round++) {
		td = tdma_create(test, 1, 0, NULL, 0);
		r->chan = dma_request_channel(td->dma.cap_mask,
					      tdma_filter_any, td);
		KUNIT_ASSERT_NOT_NULL(test, r->chan);
		INIT_WORK(&r->work, release_when_dead);
		queue_work(system_unbound_wq, &r->work);
		tdma_unregister(test, td);
		flush_work(&r->work);
		late += !r->on_time;
		KUNIT_ASSERT_TRUE_MSG(test, done_within(&td->released, TDMA_WAIT_MS),
				      "round %u: never released", round);
	}
	KUNIT_EXPECT_EQ(test, late, 0);
}

/* Takes the channel by name; released by the case. */
static void request_by_name(struct work_struct *work)
{
	struct racer *r = container_of(work, struct racer, work);

	r->got = dma_request_chan(r->client, "tx");
}

static bool client_has_link(struct device *client, const char *name)
{
	struct kernfs_node *kn = kernfs_find_and_get(client->kobj.sd, name);

	kernfs_put(kn);
	return kn;
}

/* The racer whose provider stalls in alloc_then_stall(). */
static struct racer *stalling_racer;

/*
 * The provider's alloc_chan_resources, run by the requesting work with
 * the core's lock held: it tells the case the take is under way, then
 * keeps the lock long enough for the unregistering work, on another CPU,
 * to be waiting for it (spinning on its owner) when the take lets go.
 */
static int alloc_then_stall(struct dma_chan *chan)
{
	struct racer *r = stalling_racer;
	int ret = r->alloc(chan);

	complete(&r->in_alloc);
	mdelay(20);
	return ret;
}

static void unregister_chan(struct work_struct *work)
{
	struct racer *r = container_of(work, struct racer, unregister);

	dma_async_device_channel_unregister(r->device, r->chan);
}

/* A request by name on a live channel links both ways, release unlinks. */
static void check_links_of_a_live_request(struct kunit *test,
					  struct device *client,
					  struct dma_slave_map *map)
{
	struct tdma_dev *td = tdma_create(test, 1, 0, map, 1);
	struct dma_chan *chan = dma_request_chan(client, "tx");

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(chan), "request: %ld",
			       PTR_ERR(chan));
	KUNIT_EXPECT_TRUE(test, client_has_link(client, "dma:tx"));
	KUNIT_EXPECT_TRUE(test, client_has_link(&chan->dev->device, "slave"));
	dma_release_channel(chan);
	KUNIT_EXPECT_FALSE(test, client_has_link(client, "dma:tx"));
	tdma_unregister(test, td);
	KUNIT_EXPECT_TRUE(test, done_within(&td->released, TDMA_WAIT_MS));
}

/*
 * A request that takes a channel while its device is being unregistered
 * must not leave its client a link to the departed channel (the next
 * request of the same name would find the name taken), nor try to link
 * a channel directory that is gone. Each round puts the unregister in
 * the gap between the take and the naming: the provider holds the core's
 * lock in the take until the unregistering work, on another CPU, waits
 * for it, and a spinning waiter gets a released mutex before its last
 * owner comes back for it. A request by name on a live channel is checked
 * after every round: it links, with no duplicate name, and release
 * unlinks.
 */
static void request_racing_unregister_leaves_no_link(struct kunit *test)
{
	struct racer *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct dma_slave_map *map = kunit_kzalloc(test, sizeof(*map),
						  GFP_KERNEL);
	struct device *client = tdma_client_dev(test);
	unsigned int round, stale = 0, taken = 0;
	unsigned int req_cpu, unreg_cpu;
	struct tdma_dev *td;
	struct dma_chan *chan;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, map);
#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream frees a held channel's class device at unregister");
#endif
	cpus_read_lock();
	req_cpu = cpumask_first(cpu_online_mask);
	unreg_cpu = cpumask_next(req_cpu, cpu_online_mask);
	cpus_read_unlock();
	if (unreg_cpu >= nr_cpu_ids)
		kunit_skip(test, "needs two CPUs");
	map->devname = dev_name(client);
	map->slave = "tx";
	map->param = (void *)0;
	r->client = client;
	stalling_racer = r;
	init_completion(&r->in_alloc);
	for (round = 0; round < RACE_ROUNDS; round++) {
		td = tdma_create(test, 1, 0, map, 1);
		chan = &td->chans[0].vc.chan;
		r->chan = chan;
		r->device = &td->dma;
		r->alloc = td->dma.device_alloc_chan_resources;
		td->dma.device_alloc_chan_resources = alloc_then_stall;
		reinit_completion(&r->in_alloc);
		INIT_WORK(&r->work, request_by_name);
		INIT_WORK(&r->unregister, unregister_chan);
		queue_work_on(req_cpu, system_highpri_wq, &r->work);
		KUNIT_ASSERT_TRUE_MSG(test, done_within(&r->in_alloc, TDMA_WAIT_MS),
				      "round %u: the take never began", round);
		queue_work_on(unreg_cpu, system_highpri_wq, &r->unregister);
		flush_work(&r->unregister);
		flush_work(&r->work);
		if (!IS_ERR(r->got)) {
			taken++;
			dma_release_channel(r->got);
		}
		list_del(&chan->device_node);
		tdma_unregister(test, td);
		KUNIT_ASSERT_TRUE(test, done_within(&td->released, TDMA_WAIT_MS));
		if (client_has_link(client, "dma:tx")) {
			stale++;
			sysfs_remove_link(&client->kobj, "dma:tx");
		}
		check_links_of_a_live_request(test, client, map);
	}
	stalling_racer = NULL;
	KUNIT_EXPECT_EQ(test, taken, RACE_ROUNDS);
	KUNIT_EXPECT_EQ(test, stale, 0);
}

static void put_action(void *unused)
{
	dmaengine_put();
}

static long find_on_cpu(void *unused)
{
	return (long)dma_find_channel(DMA_MEMCPY);
}

/* The public table must stop naming a channel as it is unregistered. */
static void hot_removed_public_channel_is_not_found(struct kunit *test)
{
	struct dma_chan *gone, *found;
	struct tdma_dev *td;
	int cpu;

	/* Before the device exists: upstream would keep it listed, freed. */
#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream's table keeps a hot-removed public channel");
#endif
	td = tdma_create(test, 2, TDMA_PUBLIC | TDMA_MEMCPY_ONLY, NULL, 0);
	gone = &td->chans[1].vc.chan;
	dmaengine_get();
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_action, NULL),
			0);
	dma_async_device_channel_unregister(&td->dma, gone);
	for_each_online_cpu(cpu) {
		found = (struct dma_chan *)work_on_cpu(cpu, find_on_cpu, NULL);
		KUNIT_EXPECT_PTR_NE_MSG(test, found, gone, "CPU %d", cpu);
	}
	/* Off the provider's list, it must not keep the device alive. */
	list_del(&gone->device_node);
	kunit_release_action(test, put_action, NULL);
	tdma_unregister(test, td);
	KUNIT_EXPECT_TRUE(test, done_within(&td->released, TDMA_WAIT_MS));
}

static void self_free_checks(struct kunit *test, struct tdma_release_probe *p)
{
	KUNIT_ASSERT_TRUE(test, done_within(&p->done, 2 * TDMA_WAIT_MS));
	flush_work(&p->work);
	KUNIT_EXPECT_TRUE(test, p->ran);
	KUNIT_EXPECT_TRUE_MSG(test, p->core_unlocked,
			      "device_release ran under the core's lock");
}

/*
 * Our core calls device_release() outside its lock and after its last
 * touch of the device, so a provider may free its structure there.
 */
static void provider_frees_itself_at_unregister(struct kunit *test)
{
	struct tdma_dev *td;
	struct tdma_release_probe *p;

#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream's core calls device_release under its lock");
#endif
	td = tdma_alloc(test, 2, TDMA_SELF_FREE, NULL, 0);
	p = td->probe;
	KUNIT_ASSERT_EQ(test, dma_async_device_register(&td->dma), 0);
	dma_async_device_unregister(&td->dma);
	self_free_checks(test, p);
}

static void provider_frees_itself_at_last_release(struct kunit *test)
{
	struct tdma_release_probe *p;
	struct tdma_dev *td;
	struct dma_chan *a, *b;

#ifndef _DRIVERS_DMA_DMAENGINE_H
	kunit_skip(test, "upstream's core reads the channel after device_release");
#endif
	td = tdma_alloc(test, 2, TDMA_SELF_FREE, NULL, 0);
	p = td->probe;
	KUNIT_ASSERT_EQ(test, dma_async_device_register(&td->dma), 0);
	a = dma_request_channel(td->dma.cap_mask, tdma_filter_any, td);
	b = dma_request_channel(td->dma.cap_mask, tdma_filter_any, td);
	KUNIT_EXPECT_NOT_NULL(test, a);
	KUNIT_EXPECT_NOT_NULL(test, b);
	dma_async_device_unregister(&td->dma);
	KUNIT_EXPECT_FALSE(test, p->ran);
	dma_release_channel(a);
	KUNIT_EXPECT_FALSE(test, p->ran);
	dma_release_channel(b);
	self_free_checks(test, p);
}

static struct kunit_case dmaengine_registry_cases[] = {
	KUNIT_CASE(release_racing_unregister),
	KUNIT_CASE(request_racing_unregister_leaves_no_link),
	KUNIT_CASE(hot_removed_public_channel_is_not_found),
	KUNIT_CASE(provider_frees_itself_at_unregister),
	KUNIT_CASE(provider_frees_itself_at_last_release),
	{}
};

static struct kunit_suite dmaengine_registry_suite = {
	.name = "dmaengine_registry",
	.test_cases = dmaengine_registry_cases,
};

kunit_test_suite(dmaengine_registry_suite);
