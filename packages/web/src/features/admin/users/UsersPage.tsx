import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Table, Tag } from 'antd';
import type { User } from '@zhengming/contracts';
import { useMemo, useState } from 'react';
import { useApi } from '../../../api/api-context';
import { useQuery } from '../../../api/use-query';
import { useSignedInSession } from '../../../app/session';
import { useI18n } from '../../../i18n/i18n';
import { PageHeader } from '../../../layout/PageHeader';
import { AddGrantModal } from './AddGrantModal';
import { CreateUserModal } from './CreateUserModal';
import { GrantTags } from './GrantTags';
import { OneTimePasswordModal } from './OneTimePasswordModal';
import { UserActions } from './UserActions';

type Dialog =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'grant'; user: User }
  | { kind: 'password'; displayName: string; password: string };

/** 用户管理: users of the admin's subtree with their grants; create, disable and enable, reset, grant. */
export default function UsersPage() {
  const { t } = useI18n();
  const { endpoints } = useApi();
  const self = useSignedInSession().user;
  const users = useQuery(() => endpoints.listUsers(), 'users');
  const offices = useQuery(() => endpoints.listOffices(), 'offices');
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [search, setSearch] = useState('');

  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const list = users.data ?? [];
    return needle === ''
      ? list
      : list.filter((user) => user.username.includes(needle) || user.displayName.toLowerCase().includes(needle));
  }, [users.data, search]);

  const showPassword = (user: User, password: string) =>
    setDialog({ kind: 'password', displayName: user.displayName, password });

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t('users.search')}
              aria-label={t('users.search')}
              onChange={(event) => setSearch(event.target.value)}
              style={{ width: 220 }}
            />
            <Button icon={<ReloadOutlined />} onClick={users.reload} aria-label={t('common.refresh')} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('users.create')}
            </Button>
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<User>
          rowKey="id"
          loading={users.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            { title: t('users.username'), dataIndex: 'username', width: 140 },
            { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
            {
              title: t('users.grants'),
              key: 'grants',
              render: (_value, user) => (
                <GrantTags grants={user.grants} {...(user.id === self.id ? {} : { onRevoked: users.reload })} />
              ),
            },
            {
              title: t('users.status'),
              key: 'status',
              width: 90,
              render: (_value, user) =>
                user.isDisabled ? <Tag>{t('users.disabled')}</Tag> : <Tag color="green">{t('users.active')}</Tag>,
            },
            {
              title: t('users.totp'),
              key: 'totp',
              width: 110,
              render: (_value, user) => (user.hasTotp ? t('users.totpBound') : t('users.totpUnbound')),
            },
            {
              title: t('users.actions'),
              key: 'actions',
              width: 250,
              render: (_value, user) =>
                // One's own account is managed elsewhere (change password); the server refuses self-grants too.
                user.id === self.id ? (
                  <Tag>{t('users.self')}</Tag>
                ) : (
                  <UserActions
                    user={user}
                    onChanged={users.reload}
                    onAddGrant={() => setDialog({ kind: 'grant', user })}
                    onPasswordReset={(password) => showPassword(user, password)}
                  />
                ),
            },
          ]}
        />
      </Card>
      {dialog.kind === 'create' ? (
        <CreateUserModal
          onClose={() => setDialog({ kind: 'none' })}
          onCreated={(user, password) => {
            showPassword(user, password);
            users.reload();
          }}
        />
      ) : null}
      {dialog.kind === 'grant' ? (
        <AddGrantModal
          user={dialog.user}
          offices={offices.data ?? []}
          onClose={() => setDialog({ kind: 'none' })}
          onGranted={() => {
            setDialog({ kind: 'none' });
            users.reload();
          }}
        />
      ) : null}
      {dialog.kind === 'password' ? (
        <OneTimePasswordModal
          displayName={dialog.displayName}
          password={dialog.password}
          onClose={() => setDialog({ kind: 'none' })}
        />
      ) : null}
    </>
  );
}
